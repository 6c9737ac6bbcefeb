package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.SharedFiles;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.pki.TestFederation;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.transport.TepHttpClient;
import cn.tongban.hub.transport.TransportTls;
import cn.tongban.hub.trust.TrustStore;

/**
 * Every shared conformance vector POSTed to a live hub's endpoint over mutual TLS, the hub being node 130000
 * with the vectors' keys and its clock at the vectors' {@code now}: each gets its code in problem+json, or a
 * receipt that verifies. And a body over the limit is refused with 413 before it has been sent whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEndpointTest {
    static final Path V = SharedFiles.vectors();

    @TempDir
    static Path tmp;
    HubFixture hub;
    Path transport;
    final String schema = "live_" + Long.toHexString(System.nanoTime());
    String now;

    @BeforeAll
    void start() throws Exception {
        JsonNode index = TepJson.read(Files.readAllBytes(V.resolve("index.json")));
        now = index.get("vectors").get(0).get("now").asText();
        // TLS comes from a transport federation of our own: the vectors' pki predates transport certificates
        transport = tmp.resolve("transport");
        int port = HubFixture.freePort();
        new TestFederation(transport, Clock.systemUTC()).create(List.of("370000", "130000"), TestFederation.DEFAULT_ENDPOINT,
                Map.of("130000", HubFixture.endpointFor(port)));
        hub = new HubFixture("130000", transport, tmp.resolve("data"), port)
                .set("tongban.identity.signing-key", V.resolve("pki/130000.key").toString())
                .set("tongban.identity.signing-certificate", V.resolve("pki/130000.pem").toString())
                .set("tongban.trust.roots[0]", V.resolve("pki/root.pem").toString())
                .set("tongban.directory.source", V.resolve("directory-v2.tep.json").toString())
                .set("tongban.limits.max-body-size", "64KB")
                .set("test.fixed-clock", now)
                // this hub's store is PostgreSQL: the receiving path runs on the production engine too
                .set("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/tongban_test?currentSchema=" + schema)
                .set("spring.datasource.username", "tongban")
                .set("spring.datasource.password", "tongban")
                .set("spring.flyway.schemas", schema)
                .set("spring.flyway.create-schemas", "true")
                .withSource(FixedClock.class)
                .start();
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
        cn.tongban.hub.store.StoreEngines.dropPostgresSchema(schema);
    }

    @Test
    void everyVectorGetsItsOutcomeFromTheLiveEndpoint() throws Exception {
        JsonNode index = TepJson.read(Files.readAllBytes(V.resolve("index.json")));
        TepHttpClient client = new TepHttpClient(tls("370000"), Duration.ofSeconds(5), Duration.ofSeconds(30));
        MessageOpener senderSide = new MessageOpener(TrustStore.of(Pem.readCertificates(V.resolve("pki/root.pem")), List.of()),
                Clock.fixed(java.time.OffsetDateTime.parse(now).toInstant(), java.time.ZoneOffset.UTC), "370000", null, null);
        int checked = 0;
        for (JsonNode v : index.get("vectors")) {
            byte[] raw = Files.readAllBytes(V.resolve(v.get("file").asText()));
            String expect = v.get("expect").asText();
            TepClient.Response r = client.post(URI.create(hub.endpoint()), raw, "130000");
            if (expect.equals("ACCEPT")) {
                assertThat(r.status()).as(v.get("file").asText()).isEqualTo(200);
                Receipts.Proof p = Receipts.verify(senderSide, MessageParser.parse(raw), r.body());
                assertThat(p.receipt().header().from().node()).isEqualTo("130000");
                String id = MessageParser.parse(raw).header().id();
                assertThat(hub.bean(InboundStore.class).find("370000", id).orElseThrow().plaintext())
                        .asString(StandardCharsets.UTF_8).isEqualTo(index.get("plaintext").asText());
            } else {
                JsonNode problem = TepJson.read(r.body());
                assertThat(problem.get("code").asText()).as(v.get("file").asText()).isEqualTo(expect);
                assertThat(problem.get("type").asText()).isEqualTo("urn:tep:error:" + expect);
                assertThat(problem.get("status").asInt()).isEqualTo(r.status());
                assertThat(problem.get("title").asText()).isNotEmpty();
                assertThat(r.status()).isIn(400, 403);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(index.get("vectors").size()).isGreaterThanOrEqualTo(14);
        // only the two valid vectors were stored: a refused message is never kept
        assertThat(hub.bean(InboundStore.class).count()).isEqualTo(2);
    }

    /** The embedded store's compaction belongs to H2 files only (TwoHubExchangeTest sees it run there). */
    @Test
    void aHubOnPostgresqlHasNoEmbeddedStoreCompaction() {
        assertThat(hub.beanIfAny(cn.tongban.hub.store.EmbeddedStoreCompaction.class)).isEmpty();
        assertThat(hub.bean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject("SELECT version()", String.class))
                .startsWith("PostgreSQL");
    }

    @Test
    void aBodyOverTheLimitGets413BeforeItIsSentWhole() throws Exception {
        long declared = 10L * 1024 * 1024;
        try (SSLSocket s = (SSLSocket) tls("370000").getSocketFactory().createSocket("127.0.0.1", hub.tlsPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /tep/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/tep+json\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[4096]); // 4 KiB of the 10 MiB declared: the answer must not wait for the rest
            out.flush();
            String head = readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head.toLowerCase()).contains("application/problem+json");
        }
        // streamed without a length, and never finished: the answer can only come from reading up to the limit
        try (SSLSocket s = (SSLSocket) tls("370000").getSocketFactory().createSocket("127.0.0.1", hub.tlsPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /tep/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/tep+json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 6; i++) { // 96 KiB, over the 64 KiB limit; the terminating chunk is never sent
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 413");
        }
    }

    private SSLContext tls(String node) throws IOException {
        return TransportTls.context(transport.resolve(node + ".tls.pem"), transport.resolve(node + ".tls.key"),
                transport.resolve("tls-root.pem"));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            b.write(c);
            if (b.size() >= 4 && b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
