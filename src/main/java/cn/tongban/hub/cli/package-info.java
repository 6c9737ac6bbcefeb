/**
 * The command line in the hub's jar: {@code check}, {@code seal}, {@code directory check}, {@code pki} and
 * {@code bench}, {@code audit verify}. Its verbs start no server and answer in a second or two; their arguments, output and exit
 * codes are a contract other tools rely on (0 success, 1 a refusal, 2 an unusable argument or file).
 *
 * <p>Owns: argument parsing and printing. May depend on: {@code protocol}, {@code directory}, {@code trust},
 * {@code crypto}, {@code pki}, {@code bench}, and {@code audit}'s verifier (plain JDBC); never on Spring, so that it starts fast.
 */
package cn.tongban.hub.cli;
