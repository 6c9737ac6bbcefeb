package cn.tongban.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.SharedFiles;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm3;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.pki.TestFederation;
import cn.tongban.hub.trust.TrustStore;

/**
 * Interoperability with the independent reference {@code shared/tepkit/tepkit.py} (OpenSSL 3 CLI + Python),
 * run as a subprocess: what the hub seals, tepkit accepts, and the other way round; the same for directories
 * and receipts. Each refusal tepkit can give is also provoked once, so that an exit status of 0 means something.
 */
class TepkitInteropTest {
    static final String A = "370000";
    static final String B = "130000";
    static final byte[] JSON_BODY = "{\"caseId\":\"CASE-0042\",\"applicant\":{\"name\":\"李四\"},\"note\":\"跨省通办 · 异地代收代办\"}"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] BINARY_BODY = new byte[10_000];

    @TempDir
    static Path tmp;
    static Path hub;       // federation made by the hub's TestFederation (x5c: leaf + intermediate)
    static Path kit;       // federation made by tepkit pki (x5c: leaf only)
    static Instant now;
    static Clock clock;
    static Directory kitDirectory;

    record Run(int exit, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void federations() throws Exception {
        new Random(42).nextBytes(BINARY_BODY);
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = Clock.fixed(now, ZoneOffset.UTC);
        hub = tmp.resolve("hub");
        new TestFederation(hub, clock).create(List.of(A, B), TestFederation.DEFAULT_ENDPOINT);
        kit = tmp.resolve("kit");
        ok("pki", kit.toString(), A, B);
        ok("directory", kit.toString(), kit.resolve("directory.tep.json").toString(), "1",
                "https://127.0.0.1:8443/tep/v1/messages?node={node}");
        kitDirectory = DirectoryVerifier.verify(Files.readAllBytes(kit.resolve("directory.tep.json")), kitTrust(), Instant.now(), null);
    }

    // ------------------------------------------------------------------ subprocess

    static Run run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".bin");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");   // shared/ is read-only material: no __pycache__
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    static Run tepkit(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-B", SharedFiles.tepkit().toString()));
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    /** tepkit with exit status 0, else the test fails with its stderr. */
    static Run ok(String... args) throws IOException, InterruptedException {
        Run r = tepkit(args);
        assertThat(r.exit()).as("tepkit %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    static String iso(Instant t) {
        return OffsetDateTime.ofInstant(t, MessageSealer.CST).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static Path write(String name, byte[] data) throws IOException {
        return Files.write(Files.createTempFile(tmp, name, ".tep.json"), data);
    }

    /** What {@code tepkit open} prints on success: the header JSON on one line, then the body and a newline. */
    record Opened(JsonNode header, byte[] body) {
        static Opened of(byte[] out) {
            int nl = indexOf(out, (byte) '\n');
            assertThat(nl).isPositive();
            assertThat(out[out.length - 1]).isEqualTo((byte) '\n');
            return new Opened(TepJson.read(Arrays.copyOf(out, nl)), Arrays.copyOfRange(out, nl + 1, out.length - 1));
        }
    }

    static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static MessageSealer hubSealer(String node) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(hub.resolve(node + ".chain.pem"));
        assertThat(chain).hasSize(2);
        return new MessageSealer(Pem.readSm2PrivateKey(hub.resolve(node + ".key"), null), chain, clock);
    }

    static TrustStore kitTrust() throws IOException {
        return TrustStore.of(Pem.readCertificates(kit.resolve("root.pem")), List.of());
    }

    static MessageOpener kitOpener(String me, Instant at) throws IOException {
        X509Certificate cert = Pem.readCertificate(kit.resolve(me + ".pem"));
        ReceiverKeys keys = ReceiverKeys.of(cert, Pem.readSm2PrivateKey(kit.resolve(me + ".key"), null));
        return new MessageOpener(kitTrust(), Clock.fixed(at, ZoneOffset.UTC), me, keys, kitDirectory);
    }

    // ------------------------------------------------------------------ (a) hub seals, tepkit opens

    void tepkitOpensWhatTheHubSealed(byte[] body, boolean encrypt) throws Exception {
        SealRequest.Builder r = SealRequest.builder(A, B, "case.submit").conv("CASE-0042").svc("11370300MB28579060000117006000")
                .body(body);
        if (encrypt) {
            r.encryptTo(Pem.readCertificate(hub.resolve(B + ".pem")));
        }
        SealedMessage m = hubSealer(A).seal(r.build());
        assertThat(m.header().x5c()).hasSize(2);
        Path f = write("hub-sealed", m.bytes());
        Run run = ok("open", hub.toString(), B, f.toString(), "--directory", hub.resolve("directory.tep.json").toString(),
                "--now", iso(now));
        Opened o = Opened.of(run.out());
        assertThat(o.body()).isEqualTo(body);
        assertThat(o.header().get("id").asText()).isEqualTo(m.id());
        assertThat(java.util.UUID.fromString(m.id()).version()).as("the hub's own id, MessageIds").isEqualTo(7);
        assertThat(o.header().get("enc").asText()).isEqualTo(encrypt ? "SM4-GCM" : "none");
        assertThat(o.header().get("from").get("node").asText()).isEqualTo(A);
        assertThat(o.header().get("x5c")).hasSize(2);
    }

    @Test
    void tepkitOpensAPlainMessageTheHubSealed() throws Exception {
        tepkitOpensWhatTheHubSealed(JSON_BODY, false);
    }

    @Test
    void tepkitOpensAnEncryptedMessageTheHubSealed() throws Exception {
        tepkitOpensWhatTheHubSealed(JSON_BODY, true);
        tepkitOpensWhatTheHubSealed(BINARY_BODY, true);
    }

    @Test
    void tepkitRefusesAHubMessageWithAnAlteredPayload() throws Exception {
        // control: the exit status above is tepkit's verdict, not a tool that accepts anything
        SealedMessage m = hubSealer(A).seal(SealRequest.builder(A, B, "case.submit").body(JSON_BODY).build());
        JsonNode msg = TepJson.read(m.bytes());
        ((com.fasterxml.jackson.databind.node.ObjectNode) msg).put("payload", Base64Url.encode("{}".getBytes(StandardCharsets.UTF_8)));
        Run run = tepkit("open", hub.toString(), B, write("altered", TepJson.write(msg)).toString(),
                "--directory", hub.resolve("directory.tep.json").toString(), "--now", iso(now));
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("SIGNATURE_INVALID");
    }

    // ------------------------------------------------------------------ (b) directories

    @Test
    void tepkitTrustsTheHubsDirectory() throws Exception {
        Run run = ok("dircheck", hub.toString(), hub.resolve("directory.tep.json").toString(), "--now", iso(now));
        assertThat(run.outText().strip()).isEqualTo("TRUSTED");
    }

    @Test
    void tepkitRefusesAHubDirectorySignedByANode() throws Exception {
        // signed with a node certificate, not one with SAN urn:tongban:directory
        List<X509Certificate> chain = Pem.readCertificates(hub.resolve(A + ".chain.pem"));
        X509Certificate cert = chain.get(0);
        SealedMessage forged = new DirectoryPublisher(Pem.readSm2PrivateKey(hub.resolve(A + ".key"), null), chain, clock)
                .publish(99, List.of(new DirectoryPublisher.Entry(A, "A", "https://a/", cert, cert, List.of(),
                        DirectoryPublisher.acceptAll())), List.of());
        Run run = tepkit("dircheck", hub.toString(), write("forged-dir", forged.bytes()).toString(), "--now", iso(now));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outText().strip()).isEqualTo("UNTRUSTED");
    }

    // ------------------------------------------------------------------ (c) tepkit seals, hub opens

    Path kitSealed(byte[] body, String... options) throws Exception {
        Path bodyFile = Files.write(Files.createTempFile(tmp, "body", ".bin"), body);
        List<String> args = new ArrayList<>(List.of("seal", kit.toString(), A, B, "case.submit", bodyFile.toString(),
                "--conv", "CASE-0042", "--svc", "11370300MB28579060000117006000"));
        args.addAll(Arrays.asList(options));
        Run run = ok(args.toArray(String[]::new));
        return write("kit-sealed", run.outText().strip().getBytes(StandardCharsets.UTF_8));
    }

    void hubOpensWhatTepkitSealed(byte[] body, String... options) throws Exception {
        byte[] raw = Files.readAllBytes(kitSealed(body, options));
        OpenedMessage m = kitOpener(B, Instant.now()).open(raw);
        assertThat(m.plaintext()).isEqualTo(body);
        TepHeader h = m.header();
        assertThat(h.from().node()).isEqualTo(A);
        assertThat(h.to().node()).isEqualTo(B);
        assertThat(h.type()).isEqualTo("case.submit");
        assertThat(h.conv()).isEqualTo("CASE-0042");
        assertThat(h.svc()).isEqualTo("11370300MB28579060000117006000");
        assertThat(h.enc()).isEqualTo(options.length == 0 ? "SM4-GCM" : "none");
    }

    @Test
    void theHubOpensAPlainMessageTepkitSealed() throws Exception {
        hubOpensWhatTepkitSealed(JSON_BODY, "--enc", "none");
    }

    @Test
    void theHubOpensAnEncryptedMessageTepkitSealed() throws Exception {
        hubOpensWhatTepkitSealed(JSON_BODY);
        hubOpensWhatTepkitSealed(BINARY_BODY);
    }

    // ------------------------------------------------------------------ (d) receipts

    /** Runs tepkit's own receipt check, {@code receipt_ok} (no command line of its own: `send` uses it over TLS). */
    static Run receiptOk(Path sent, Path receipt) throws Exception {
        String script = "import json, sys\n"
                + "sys.path.insert(0, sys.argv[1])\n"
                + "import tepkit\n"
                + "print(json.dumps(tepkit.receipt_ok(sys.argv[2], json.load(open(sys.argv[3])), open(sys.argv[4], 'rb').read())))\n";
        return run(List.of("python3", "-B", "-c", script, SharedFiles.tepkit().getParent().toString(), kit.toString(),
                sent.toString(), receipt.toString()));
    }

    @Test
    void tepkitAcceptsTheHubsReceiptForATepkitMessage() throws Exception {
        Path sent = kitSealed(JSON_BODY);
        byte[] sentBytes = Files.readAllBytes(sent);
        OpenedMessage got = kitOpener(B, Instant.now()).open(sentBytes);
        MessageSealer asB = new MessageSealer(Pem.readSm2PrivateKey(kit.resolve(B + ".key"), null),
                List.of(Pem.readCertificate(kit.resolve(B + ".pem"))), Clock.systemUTC());
        SealedMessage receipt = Receipts.build(asB, got.message(), OffsetDateTime.now(MessageSealer.CST));
        Path receiptFile = write("receipt", receipt.bytes());
        JsonNode sentJson = TepJson.read(sentBytes);
        String digest = Sm3.hex((sentJson.get("protected").asText() + "." + sentJson.get("payload").asText())
                .getBytes(StandardCharsets.US_ASCII));

        // as the original sender's node, tepkit accepts the receipt as a message...
        Opened o = Opened.of(ok("open", kit.toString(), A, receiptFile.toString(),
                "--directory", kit.resolve("directory.tep.json").toString()).out());
        assertThat(o.header().get("type").asText()).isEqualTo("receipt");
        assertThat(o.header().get("ref").asText()).isEqualTo(got.header().id());
        assertThat(TepJson.read(o.body()).get("digest").asText()).isEqualTo(digest);

        // ...and as the receipt of exactly that message
        Run r = receiptOk(sent, receiptFile);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode body = TepJson.read(r.out());
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("digest").asText()).isEqualTo(digest);

        // control: the same receipt does not acknowledge another message
        Run other = receiptOk(kitSealed(JSON_BODY), receiptFile);
        assertThat(other.exit()).isNotZero();
        assertThat(other.err()).contains("BAD_RECEIPT");
    }
}
