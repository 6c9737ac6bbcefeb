package cn.tongban.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.SharedFiles;
import cn.tongban.hub.protocol.TepJson;

/**
 * The command line's contract, in-process through {@link HubCommand#execute}: what {@code check}, {@code seal},
 * {@code pki} and {@code directory check} print and the exit code each gives (0 success, 1 refusal or untrusted
 * directory, 2 an unusable argument or file).
 */
class CommandLineTest {
    static final Path V = SharedFiles.vectors();

    /** A federation made once by {@code pki --out DIR 370000 130000}, shared by the round-trip tests. */
    @TempDir
    static Path fed;

    /** One run of the command line: exit code, stdout and stderr. */
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] a = Stream.of(args).map(String::valueOf).toArray(String[]::new);
        int code = HubCommand.execute(a, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode index() throws Exception {
        return TepJson.read(Files.readAllBytes(V.resolve("index.json")));
    }

    static String plaintext() throws Exception {
        return index().get("plaintext").asText();
    }

    static String vectorNow() throws Exception {
        return index().get("vectors").get(0).get("now").asText();
    }

    /** {@code check} on a shared vector as its receiver, at its instant, with the receiver's encryption key. */
    static Run checkVector(String file, String receiver, String now) {
        return run("check", "--as", receiver, "--now", now, "--trust", V.resolve("pki/root.pem"),
                "--key", V.resolve("pki/" + receiver + ".key"), "--cert", V.resolve("pki/" + receiver + ".pem"),
                V.resolve(file));
    }

    static Stream<Arguments> vectors(boolean accepted) throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : index().get("vectors")) {
            if (v.get("expect").asText().equals("ACCEPT") == accepted) {
                out.add(Arguments.of(v.get("file").asText(), v.get("receiver").asText(), v.get("now").asText(),
                        v.get("expect").asText()));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> acceptedVectors() throws Exception {
        return vectors(true);
    }

    static Stream<Arguments> refusedVectors() throws Exception {
        return vectors(false);
    }

    @BeforeAll
    static void makeFederation() {
        Run r = run("pki", "--out", fed, "370000", "130000");
        assertThat(r.code()).as(r.toString()).isZero();
        for (String f : List.of("root.pem", "370000.key", "370000.chain.pem", "130000.key", "130000.pem",
                "directory.tep.json")) {
            assertThat(fed.resolve(f)).exists();
        }
    }

    // ---- check on the shared vectors

    @ParameterizedTest(name = "{0} -> ACCEPT")
    @MethodSource("acceptedVectors")
    void checkAcceptsAValidVectorAndPrintsHeaderAndPlaintext(String file, String receiver, String now, String expect)
            throws Exception {
        Run r = checkVector(file, receiver, now);
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = r.lines();
        assertThat(lines).as(r.toString()).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ACCEPT");
        JsonNode header = TepJson.read(lines.get(1).getBytes(StandardCharsets.UTF_8));
        assertThat(header.has("from")).isTrue();
        assertThat(header.get("from").get("node").asText()).isEqualTo("370000");
        assertThat(header.get("to").get("node").asText()).isEqualTo(receiver);
        assertThat(lines.get(2)).isEqualTo(plaintext());
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("refusedVectors")
    void checkRefusesAnInvalidVectorWithOnlyItsCode(String file, String receiver, String now, String expect) {
        Run r = checkVector(file, receiver, now);
        assertThat(r.code()).as(r.toString()).isEqualTo(HubCommand.REFUSED);
        assertThat(r.lines()).as(r.toString()).containsExactly(expect);
    }

    // ---- check: unusable arguments and files exit 2 with a message on stderr

    private static void assertUnusable(Run r, String said) {
        assertThat(r.code()).as(r.toString()).isEqualTo(HubCommand.UNUSABLE);
        assertThat(r.out()).as(r.toString()).doesNotContain("ACCEPT");
        assertThat(r.err()).as(r.toString()).contains(said);
    }

    @Test
    void checkOfAMissingMessageFileExits2() throws Exception {
        assertUnusable(checkVector("no-such-message.tep.json", "130000", vectorNow()), "no-such-message.tep.json");
    }

    @Test
    void checkWithABadNowExits2() {
        assertUnusable(checkVector("valid-plain.tep.json", "130000", "22 November 2026"), "22 November 2026");
        assertUnusable(checkVector("valid-plain.tep.json", "130000", "2026-11-22T23:41:48"), "RFC 3339"); // no offset
    }

    @Test
    void checkWithAnUnreadableTrustFileExits2(@TempDir Path tmp) throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "this is not a certificate\n");
        for (Path trust : List.of(tmp.resolve("missing.pem"), garbage)) {
            assertUnusable(run("check", "--as", "130000", "--now", vectorNow(), "--trust", trust,
                    V.resolve("valid-plain.tep.json")), trust.getFileName().toString());
        }
    }

    @Test
    void checkWithAKeyButNoCertExits2() throws Exception {
        assertUnusable(run("check", "--as", "130000", "--now", vectorNow(), "--trust", V.resolve("pki/root.pem"),
                "--key", V.resolve("pki/130000.key"), V.resolve("valid-encrypted.tep.json")), "--cert");
    }

    @Test
    void checkWithADirectoryThatDoesNotVerifyExits2() throws Exception {
        Run r = run("check", "--as", "130000", "--now", vectorNow(), "--trust", V.resolve("pki/root.pem"),
                "--directory", V.resolve("directory-forged.tep.json"), V.resolve("valid-plain.tep.json"));
        assertUnusable(r, "directory does not verify");
        assertThat(r.out()).isEmpty();
    }

    // ---- seal -> check round trip on a federation made by `pki`

    private static Path body(Path dir) throws Exception {
        return Files.writeString(dir.resolve("body.json"), plaintext(), StandardCharsets.UTF_8);
    }

    private static Path seal(Path dir, String name, Object... extra) throws Exception {
        List<Object> args = new ArrayList<>(List.of("seal", "--from", "370000", "--to", "130000", "--type",
                "case.submit", "--key", fed.resolve("370000.key"), "--cert", fed.resolve("370000.chain.pem")));
        args.addAll(List.of(extra));
        args.add(body(dir));
        Run r = run(args.toArray());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines()).as(r.toString()).hasSize(1);
        return Files.writeString(dir.resolve(name), r.out(), StandardCharsets.UTF_8);
    }

    private static void assertAccepted(Run r, String enc) throws Exception {
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = r.lines();
        assertThat(lines).as(r.toString()).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ACCEPT");
        JsonNode h = TepJson.read(lines.get(1).getBytes(StandardCharsets.UTF_8));
        assertThat(h.get("from").get("node").asText()).isEqualTo("370000");
        assertThat(h.get("to").get("node").asText()).isEqualTo("130000");
        assertThat(h.get("type").asText()).isEqualTo("case.submit");
        assertThat(h.get("enc").asText()).isEqualTo(enc);
        assertThat(h.get("x5c")).hasSize(2); // the node certificate and the intermediate, never the root
        assertThat(lines.get(2)).isEqualTo(plaintext());
    }

    @Test
    void sealedPlainMessageChecksAccepted(@TempDir Path tmp) throws Exception {
        Path msg = seal(tmp, "plain.tep.json");
        assertAccepted(run("check", "--as", "130000", "--trust", fed.resolve("root.pem"), msg), "none");
    }

    @Test
    void sealedEncryptedMessageChecksAcceptedWithTheReceiversKey(@TempDir Path tmp) throws Exception {
        Path msg = seal(tmp, "enc.tep.json", "--recipient-cert", fed.resolve("130000.pem"));
        assertAccepted(run("check", "--as", "130000", "--trust", fed.resolve("root.pem"),
                "--key", fed.resolve("130000.key"), "--cert", fed.resolve("130000.pem"), msg), "SM4-GCM");
        // without the key the body cannot be opened: a refusal, not an unusable input
        Run noKey = run("check", "--as", "130000", "--trust", fed.resolve("root.pem"), msg);
        assertThat(noKey.code()).as(noKey.toString()).isEqualTo(HubCommand.REFUSED);
        assertThat(noKey.lines()).containsExactly("DECRYPTION_FAILED");
    }

    @Test
    void sealedMessagesCheckAcceptedUnderTheFederationsDirectory(@TempDir Path tmp) throws Exception {
        Path plain = seal(tmp, "plain.tep.json");
        Path enc = seal(tmp, "enc.tep.json", "--recipient-cert", fed.resolve("130000.pem"));
        assertAccepted(run("check", "--as", "130000", "--trust", fed.resolve("root.pem"),
                "--directory", fed.resolve("directory.tep.json"), plain), "none");
        assertAccepted(run("check", "--as", "130000", "--trust", fed.resolve("root.pem"),
                "--directory", fed.resolve("directory.tep.json"),
                "--key", fed.resolve("130000.key"), "--cert", fed.resolve("130000.pem"), enc), "SM4-GCM");
    }

    @Test
    void sealedMessageCheckedByTheWrongNodeIsRefused(@TempDir Path tmp) throws Exception {
        Path msg = seal(tmp, "plain.tep.json");
        Run r = run("check", "--as", "370000", "--trust", fed.resolve("root.pem"), msg);
        assertThat(r.code()).as(r.toString()).isEqualTo(HubCommand.REFUSED);
        assertThat(r.lines()).containsExactly("WRONG_RECIPIENT");
    }

    @Test
    void sealWithSm4GcmButNoRecipientCertExits2(@TempDir Path tmp) throws Exception {
        Run r = run("seal", "--from", "370000", "--to", "130000", "--type", "case.submit",
                "--key", fed.resolve("370000.key"), "--cert", fed.resolve("370000.chain.pem"),
                "--enc", "SM4-GCM", body(tmp));
        assertUnusable(r, "--recipient-cert");
        assertThat(r.out()).isEmpty();
    }

    // ---- directory check on the shared directories

    private static Run directoryCheck(Object... args) throws Exception {
        List<Object> a = new ArrayList<>(List.of("directory", "check", "--now", vectorNow(),
                "--trust", V.resolve("pki/root.pem")));
        a.addAll(List.of(args));
        return run(a.toArray());
    }

    @Test
    void directoryCheckTrustsTheSignedDirectory() throws Exception {
        Run r = directoryCheck(V.resolve("directory-v2.tep.json"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines()).containsExactly("TRUSTED");
    }

    @Test
    void directoryCheckCallsAnOlderVersionARollback() throws Exception {
        Run r = directoryCheck("--after", V.resolve("directory-v2.tep.json"), V.resolve("directory-v1.tep.json"));
        assertThat(r.code()).as(r.toString()).isEqualTo(HubCommand.REFUSED);
        assertThat(r.lines()).containsExactly("ROLLBACK");
        // the same v1 alone is trusted: the rollback is relative to what is held
        Run alone = directoryCheck(V.resolve("directory-v1.tep.json"));
        assertThat(alone.code()).as(alone.toString()).isZero();
        assertThat(alone.lines()).containsExactly("TRUSTED");
    }

    @Test
    void directoryCheckRefusesAForgedDirectoryAsUntrusted() throws Exception {
        Run r = directoryCheck(V.resolve("directory-forged.tep.json"));
        assertThat(r.code()).as(r.toString()).isEqualTo(HubCommand.REFUSED);
        assertThat(r.lines()).containsExactly("UNTRUSTED");
    }

    @Test
    void directoryOutcomesMatchTheIndex() throws Exception {
        for (JsonNode d : index().get("directories")) {
            List<Object> a = new ArrayList<>(List.of("directory", "check", "--now", d.get("now").asText(),
                    "--trust", V.resolve("pki/root.pem")));
            if (d.has("after")) {
                a.addAll(List.of("--after", V.resolve(d.get("after").asText())));
            }
            a.add(V.resolve(d.get("file").asText()));
            Run r = run(a.toArray());
            String expect = d.get("expect").asText();
            assertThat(r.code()).as(d.get("file").asText() + "\n" + r).isEqualTo(expect.equals("TRUSTED") ? 0 : 1);
            assertThat(r.lines()).as(r.toString()).containsExactly(expect);
        }
    }

    @Test
    void theFederationsOwnDirectoryIsTrusted() {
        Run r = run("directory", "check", "--trust", fed.resolve("root.pem"), fed.resolve("directory.tep.json"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines()).containsExactly("TRUSTED");
    }
}
