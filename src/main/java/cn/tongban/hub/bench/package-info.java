/**
 * The {@code bench} command's measurements: TEP/1 sealing and opening throughput through the hub's real
 * {@link cn.tongban.hub.protocol.MessageSealer} and {@link cn.tongban.hub.protocol.MessageOpener}, on a fresh
 * in-memory test federation, beside Bouncy Castle's raw SM2, SM4-GCM rates measured in the same run, and the
 * ratio of each protocol operation to its crypto floor.
 *
 * <p>Owns: time-boxed measurement loops, the benchmark federation and the report. It is a tool, not a test:
 * nothing here asserts a speed. May depend on: {@code protocol}, {@code crypto}, {@code trust}, {@code pki},
 * Bouncy Castle and the JDK; never on Spring, so that {@code bench} starts as fast as the other verbs.
 */
package cn.tongban.hub.bench;
