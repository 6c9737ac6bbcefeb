package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.SharedFiles;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * The live hub against the independent reference peer ({@code shared/tepkit/tepkit.py serve} and {@code send},
 * OpenSSL and Python, mutual TLS), in both directions, each side verifying the other's receipts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TepkitPeerTest {
    static final String HUB = "370000";
    static final String PEER = "130000";

    @TempDir
    static Path tmp;
    Path fed;
    HubFixture hub;
    Process peer;
    int peerPort;

    @BeforeAll
    void start() throws Exception {
        LoopbackFederation federation = LoopbackFederation.create(tmp.resolve("federation"), HUB, PEER);
        fed = federation.dir;
        peerPort = federation.port(PEER);
        // the peer's own directory lets 370000 send it only test.ping: anything else it refuses (403)
        Path peerDirectory = tmp.resolve("peer-directory.tep.json");
        Files.write(peerDirectory, federation.directory(1, Map.of(PEER, List.of(new Directory.Acceptance("test.ping", List.of("*"), List.of(HUB))))));
        peer = new ProcessBuilder("python3", "-B", SharedFiles.tepkit().toString(), "serve", fed.toString(), PEER,
                "--port", String.valueOf(peerPort), "--directory", peerDirectory.toString(),
                "--inbox", tmp.resolve("peer-inbox").toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("tepkit serve started").contains("tepkit peer " + PEER);
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "tepkit-output");
        drain.setDaemon(true);
        drain.start();
        hub = federation.hub(HUB, tmp.resolve("data"))
                // tepkit puts only the leaf in x5c: the intermediate is known locally (TrustStore takes non-roots as such)
                .set("tongban.trust.roots[1]", fed.resolve("intermediate.pem").toString())
                .start();
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (peer != null) {
            peer.destroyForcibly();
        }
    }

    @Test
    void theHubDeliversToTheReferencePeerAndVerifiesItsReceipts() throws Exception {
        OutboundExchange out = hub.bean(OutboundExchange.class);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(out.submit(OutboundRequest.json(PEER, "test.ping", "CASE-TK-" + i,
                    ("{\"n\":" + i + ",\"note\":\"跨省通办\"}").getBytes(StandardCharsets.UTF_8))));
        }
        OutboundStore store = hub.bean(OutboundStore.class);
        TwoHubExchangeTest.await("deliveries to tepkit", Duration.ofSeconds(60),
                () -> ids.stream().allMatch(id -> store.find(id).orElseThrow().status() == OutboundStatus.DELIVERED));
        for (int i = 0; i < ids.size(); i++) {
            OutboundRecord r = store.find(ids.get(i)).orElseThrow();
            JsonNode receiptHeader = TepJson.read(MessageParser.parse(r.receipt()).header().json().getBytes(StandardCharsets.UTF_8));
            assertThat(receiptHeader.get("ref").asText()).isEqualTo(ids.get(i));
            assertThat(receiptHeader.at("/from/node").asText()).isEqualTo(PEER);
            // the peer kept exactly the plaintext the hub sealed
            Path body = tmp.resolve("peer-inbox").resolve(HUB + "-" + ids.get(i) + ".body");
            assertThat(Files.readString(body)).isEqualTo("{\"n\":" + i + ",\"note\":\"跨省通办\"}");
        }
    }

    @Test
    void aPeerRefusalIsFinalAndEndsTheMessageDeadWithTheProblem() throws Exception {
        String id = hub.bean(OutboundExchange.class).submit(OutboundRequest.json(PEER, "case.submit", "CASE-TK-X", "{}".getBytes()));
        OutboundStore store = hub.bean(OutboundStore.class);
        TwoHubExchangeTest.await("dead letter", Duration.ofSeconds(60),
                () -> store.find(id).orElseThrow().status() == OutboundStatus.DEAD);
        OutboundRecord r = store.find(id).orElseThrow();
        assertThat(r.attempts()).isEqualTo(1); // a 4xx other than 408/429 is not retried
        assertThat(TepJson.read(r.problem().getBytes(StandardCharsets.UTF_8)).get("code").asText()).isEqualTo("NOT_AUTHORIZED");
        assertThat(store.attempts(id)).singleElement().satisfies(a -> assertThat(a.httpStatus()).isEqualTo(403));
    }

    @Test
    void theReferencePeerSendsToTheHubAndVerifiesItsReceiptAndAReplayChangesNothing() throws Exception {
        Path bodyFile = tmp.resolve("tk-body.json");
        Files.writeString(bodyFile, "{\"caseId\":\"CASE-TK-IN\",\"note\":\"异地代收代办\"}");
        Path msg = tmp.resolve("tk-msg.tep.json");
        Files.writeString(msg, tepkit("seal", fed.toString(), PEER, HUB, "test.ping", bodyFile.toString(), "--conv", "CASE-TK-IN").trim());
        String id = MessageParser.parse(Files.readAllBytes(msg)).header().id();
        String url = hub.endpoint();
        String first = tepkit("send", fed.toString(), PEER, url, msg.toString());
        assertThat(first).startsWith("200 ").contains("\"status\": \"accepted\"");
        String again = tepkit("send", fed.toString(), PEER, url, msg.toString());
        assertThat(again).as("a replay gets the original receipt").isEqualTo(first);
        assertThat(hub.bean(InboundStore.class).find(PEER, id).orElseThrow().plaintext())
                .asString(StandardCharsets.UTF_8).isEqualTo("{\"caseId\":\"CASE-TK-IN\",\"note\":\"异地代收代办\"}");
        TwoHubExchangeTest.await("hand-over", Duration.ofSeconds(30), () -> RecordingRoutes.seenBy(HUB).containsKey(PEER + "/" + id));
        Thread.sleep(500);
        assertThat(RecordingRoutes.seenBy(HUB).get(PEER + "/" + id).get()).isEqualTo(1);
    }

    private static String tepkit(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", "-B", SharedFiles.tepkit().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tepkit %s: %s", args[0], out).isZero();
        return out;
    }
}
