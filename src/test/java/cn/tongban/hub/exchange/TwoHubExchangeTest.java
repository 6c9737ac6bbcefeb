package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryVerdict;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;
import cn.tongban.hub.transport.TepHttpClient;

/**
 * Two real hubs (370000 and 130000 of a federation made by the pki code) on loopback: mutual TLS, embedded
 * Artemis, H2 stores, Camel routes. Everything goes through the sockets, the broker and the stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoHubExchangeTest {
    static final String A = "370000";
    static final String B = "130000";
    static final int N = 1000;

    @TempDir
    static Path tmp;
    LoopbackFederation federation;
    Path fed;
    HubFixture a;
    HubFixture b;

    @BeforeAll
    void startHubs() throws Exception {
        federation = LoopbackFederation.create(tmp.resolve("federation"), A, B);
        fed = federation.dir;
        // 370000 accepts only test.* and case.* (so local refusals and step 10 can be seen); 130000 everything
        republishDirectory(2, List.of(new Directory.Acceptance("test.ping", List.of("*"), List.of("*")),
                new Directory.Acceptance("case.submit", List.of("*"), List.of(B))));
        a = federation.hub(A, tmp.resolve("data")).set("tongban.limits.max-body-size", "64KB");
        b = federation.hub(B, tmp.resolve("data")).set("tongban.directory.refresh", "1s");
        a.set("tongban.directory.source", copyDirectory(A).toString());
        b.set("tongban.directory.source", copyDirectory(B).toString());
        a.start();
        b.start();
    }

    @AfterAll
    void stopHubs() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private Path copyDirectory(String node) throws Exception {
        Path p = tmp.resolve("directory-" + node + ".tep.json");
        Files.copy(fed.resolve("directory.tep.json"), p);
        return p;
    }

    private byte[] republishDirectory(long version, List<Directory.Acceptance> acceptsOfA) throws Exception {
        byte[] d = federation.directory(version, Map.of(A, acceptsOfA));
        Files.write(fed.resolve("directory.tep.json"), d);
        return d;
    }

    static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        Eventually.await(what, max, done);
    }

    private static List<String> submit(HubFixture from, String to, int n, String tag) throws Exception {
        return from.submitPings(to, n, tag);
    }

    private static long delivered(HubFixture h, List<String> ids) {
        OutboundStore s = h.bean(OutboundStore.class);
        return ids.stream().filter(id -> s.find(id).map(r -> r.status() == OutboundStatus.DELIVERED).orElse(false)).count();
    }

    private static void assertHandledOnce(HubFixture receiver, String sender, List<String> ids) throws InterruptedException {
        Map<String, AtomicInteger> seen = RecordingRoutes.seenBy(receiver.node);
        await("hand-over of " + ids.size() + " messages to " + receiver.node, Duration.ofSeconds(60),
                () -> ids.stream().allMatch(id -> seen.containsKey(sender + "/" + id)));
        Thread.sleep(500); // a duplicate hand-over would arrive now
        for (String id : ids) {
            assertThat(seen.get(sender + "/" + id).get()).as("hand-overs of %s", id).isEqualTo(1);
        }
    }

    @Test
    @Order(1)
    void thousandMessagesBothWaysEachHandledOnceWithVerifiedReceipts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<List<String>> ab = pool.submit(() -> submit(a, B, N, "ab"));
        Future<List<String>> ba = pool.submit(() -> submit(b, A, N, "ba"));
        List<String> idsAb = ab.get();
        List<String> idsBa = ba.get();
        pool.shutdown();
        await("1000 deliveries each way", Duration.ofMinutes(4), () -> delivered(a, idsAb) == N && delivered(b, idsBa) == N);
        assertHandledOnce(b, A, idsAb);
        assertHandledOnce(a, B, idsBa);
        // every stored receipt verifies again, independently of the delivery code path
        OutboundStore store = a.bean(OutboundStore.class);
        DirectoryService dir = a.bean(DirectoryService.class);
        for (String id : idsAb) {
            OutboundRecord r = store.find(id).orElseThrow();
            Receipts.Proof p = Receipts.verify(dir.opener(), MessageParser.parse(r.sealed()), r.receipt());
            assertThat(p.messageId()).isEqualTo(id);
            assertThat(p.receipt().header().from().node()).isEqualTo(B);
        }
    }

    @Test
    @Order(2)
    void aReplayedMessageGetsTheOriginalReceiptAndIsNotHandedOverAgain() throws Exception {
        List<String> ids = submit(a, B, 1, "replay");
        await("delivery", Duration.ofSeconds(30), () -> delivered(a, ids) == 1);
        OutboundRecord r = a.bean(OutboundStore.class).find(ids.get(0)).orElseThrow();
        TepHttpClient client = clientOf(A);
        TepClient.Response again = client.post(URI.create(b.endpoint()), r.sealed(), B);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(r.receipt());
        assertHandledOnce(b, A, ids);
    }

    @Test
    @Order(2)
    void aRepeatedHandOverIsDroppedByTheBroker() throws Exception {
        List<String> ids = submit(a, B, 1, "twice");
        await("delivery", Duration.ofSeconds(30), () -> delivered(a, ids) == 1);
        assertHandledOnce(b, A, ids);
        // what the relay does again after a crash between the broker send and the store's mark
        b.bean(cn.tongban.hub.routes.BrokerQueues.class)
                .handOver(List.of(b.bean(cn.tongban.hub.store.InboundStore.class).find(A, ids.get(0)).orElseThrow()));
        assertHandledOnce(b, A, ids);
    }

    @Test
    @Order(2)
    void aHandOverBatchHoldingOneMessageHandedOverBeforeHandsOverTheOthers() throws Exception {
        List<String> ids = submit(a, B, 1, "crashed-before-mark");
        await("delivery", Duration.ofSeconds(30), () -> delivered(a, ids) == 1);
        assertHandledOnce(b, A, ids);
        String before = ids.get(0);
        String fresh = java.util.UUID.randomUUID().toString();
        // in one commit, so that the relay finds both in one batch: the row of a message whose hand-over a crash
        // left unmarked (the broker has it) and a newly accepted one (a copy under a new id)
        org.springframework.jdbc.core.JdbcTemplate db = b.bean(org.springframework.jdbc.core.JdbcTemplate.class);
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.getDataSource())).executeWithoutResult(tx -> {
                    db.update("UPDATE inbound_message SET handed_over_at = NULL WHERE from_node = ? AND message_id = ?", A, before);
                    db.update("INSERT INTO inbound_message (from_node, message_id, type, conv, svc, ref, from_org, cty, iat, exp, raw, "
                            + "plaintext, receipt, received_at, handed_over_at) SELECT from_node, ?, type, conv, svc, ref, from_org, cty, "
                            + "iat, exp, raw, plaintext, receipt, received_at, NULL FROM inbound_message WHERE from_node = ? AND message_id = ?",
                            fresh, A, before);
                });
        b.bean(HandoverRelay.class).relayAll(); // the sweep, which finds what a crash left
        cn.tongban.hub.store.InboundStore store = b.bean(cn.tongban.hub.store.InboundStore.class);
        await("both rows marked", Duration.ofSeconds(30), () -> store.awaitingHandoverCount() == 0);
        // the new one reached the route once, the repeated one was not handed over a second time; before the fix the
        // batch's late broker commit failed on the duplicate after the rows were marked, and the new one was lost
        assertHandledOnce(b, A, List.of(before, fresh));
    }

    /** Both hubs run on the embedded H2 file store, which each compacts while it runs (after the 1000 messages each way). */
    @Test
    @Order(2)
    void theEmbeddedStoreIsCompactedWhileTheHubRuns() throws Exception {
        for (HubFixture h : List.of(a, b)) {
            cn.tongban.hub.store.EmbeddedStoreCompaction compaction = h.beanIfAny(cn.tongban.hub.store.EmbeddedStoreCompaction.class)
                    .orElseThrow(() -> new AssertionError(h.node + " has no embedded store compaction"));
            await("a compaction on " + h.node, Duration.ofSeconds(10), () -> compaction.last() != null);
            assertThat(compaction.last().fileBytes()).isPositive();
        }
    }

    @Test
    void theEmbeddedStoreKeepsASmallPageCache() {
        // application.yaml's CACHE_SIZE=4096: a quarter of H2's default, which the bench's young collections copied
        for (HubFixture h : List.of(a, b)) {
            assertThat(h.bean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject(
                    "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'info.CACHE_MAX_SIZE'",
                    String.class)).as("%s's H2 page cache, MB", h.node).isEqualTo("4");
        }
    }

    @Test
    @Order(2)
    void aTlsClientCertificateOfAnotherNodeIsSenderMismatch() throws Exception {
        SealedMessage m = a.bean(NodeCredentials.class).sealer().seal(SealRequest.builder(A, B, "test.ping")
                .body("{}".getBytes()).build());
        // signed by 370000, but the TLS connection is 130000's own identity
        TepClient.Response resp = clientOf(B).post(URI.create(b.endpoint()), m.bytes(), B);
        assertThat(resp.status()).isEqualTo(403);
        assertThat(TepJson.read(resp.body()).get("code").asText()).isEqualTo("SENDER_MISMATCH");
        assertThat(b.bean(cn.tongban.hub.store.InboundStore.class).receiptFor(A, m.id())).isEmpty();
    }

    /**
     * A submission stored held for its first attempt is attempted without a claim; one whose held attempt finds no
     * thread after all (the last place was taken meanwhile) is given up by its hold and queued free, at once, and the
     * queue's consumer delivers it.
     */
    @Test
    @Order(2)
    void aHeldSubmissionThatFindsNoThreadIsReleasedAndQueued() throws Exception {
        List<String> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeliveryQueue behind = a.bean(cn.tongban.hub.routes.BrokerQueues.class);
        DeliveryQueue full = new DeliveryQueue() {
            @Override
            public void enqueue(String messageId) {
                queued.add(messageId);
                behind.enqueue(messageId);
            }

            @Override
            public void enqueueAt(String messageId, java.time.OffsetDateTime at) {
                behind.enqueueAt(messageId, at);
            }

            @Override
            public java.util.Optional<java.time.OffsetDateTime> firstAttemptHold(java.time.OffsetDateTime now) {
                return java.util.Optional.of(now.plusMinutes(2).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            }

            @Override
            public boolean attemptHeld(OutboundRecord stored, java.time.OffsetDateTime heldUntil) {
                return false; // no thread after all
            }
        };
        OutboundStore store = a.bean(OutboundStore.class);
        OutboundExchange exchange = new OutboundExchange(a.bean(NodeCredentials.class), a.bean(DirectoryService.class), store, full,
                java.time.Clock.systemUTC(), Duration.ofHours(1));
        String id = exchange.submit(new OutboundRequest(B, null, "test.ping", null, "conv-full", null, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), true, null));
        assertThat(queued).containsExactly(id);
        await("delivery through tep.out", Duration.ofSeconds(30), () -> delivered(a, List.of(id)) == 1);
        assertThat(store.attempts(id)).hasSize(1);
        // and a submission through the hub's own exchange goes the held way: delivered at the first attempt
        List<String> direct = submit(a, B, 5, "held");
        await("held first attempts", Duration.ofSeconds(30), () -> delivered(a, direct) == 5);
        assertThat(direct).allSatisfy(d -> assertThat(store.attempts(d)).hasSize(1));
    }

    @Test
    @Order(3)
    void retriesDeliverEverythingAfterTheReceiverWasDown() throws Exception {
        b.stop();
        List<String> ids = submit(a, B, 50, "down");
        Thread.sleep(3000);
        OutboundStore store = a.bean(OutboundStore.class);
        assertThat(delivered(a, ids)).isZero();
        OutboundRecord first = store.find(ids.get(0)).orElseThrow();
        assertThat(first.attempts()).isPositive();
        assertThat(first.lastError()).contains("no answer");
        b.start();
        await("deliveries after restart", Duration.ofSeconds(90), () -> delivered(a, ids) == ids.size());
        assertHandledOnce(b, A, ids);
        // every attempt sent the same bytes: the receipt's digest is that of the bytes stored before the first
        for (String id : ids) {
            OutboundRecord r = store.find(id).orElseThrow();
            assertThat(Receipts.verify(a.bean(DirectoryService.class).opener(), MessageParser.parse(r.sealed()), r.receipt()).digest())
                    .isEqualTo(r.digest());
        }
    }

    @Test
    @Order(4)
    void aMessageWhoseExpiryPassesWhileUndeliverableEndsDead() throws Exception {
        b.stop();
        try {
            String id = a.bean(OutboundExchange.class).submit(new OutboundRequest(B, null, "test.ping", null, "conv-exp", null,
                    "application/json", "{}".getBytes(StandardCharsets.UTF_8), true, Duration.ofSeconds(3)));
            OutboundStore store = a.bean(OutboundStore.class);
            await("dead letter", Duration.ofSeconds(30),
                    () -> store.find(id).map(r -> r.status() == OutboundStatus.DEAD).orElse(false));
            OutboundRecord r = store.find(id).orElseThrow();
            assertThat(r.lastError()).contains("expired");
            assertThat(store.attempts(id)).isNotEmpty();
            // an operator resends it as a new message, linked to the old one
            b.start();
            String again = a.bean(OutboundExchange.class).resend(id);
            await("resent delivery", Duration.ofSeconds(30), () -> delivered(a, List.of(again)) == 1);
            assertThat(store.find(again).orElseThrow().resentFrom()).isEqualTo(id);
        } finally {
            if (!b.running()) {
                b.start();
            }
        }
    }

    @Test
    @Order(5)
    void aSendThePeersAcceptsRefuseIsRefusedLocallyAndStep10RefusesItOnReceipt() throws Exception {
        OutboundExchange out = b.bean(OutboundExchange.class);
        assertThatThrownBy(() -> out.submit(OutboundRequest.json(A, "license.verify", "c", "{}".getBytes())))
                .isInstanceOfSatisfying(SubmissionRefused.class, e -> assertThat(e.code()).isEqualTo("NOT_AUTHORIZED"));
        // a peer that skips the local check is refused by the receiver at step 10, and nothing is stored
        SealedMessage m = b.bean(NodeCredentials.class).sealer().seal(SealRequest.builder(B, A, "license.verify")
                .body("{}".getBytes()).build());
        TepClient.Response resp = clientOf(B).post(URI.create(a.endpoint()), m.bytes(), A);
        assertThat(resp.status()).isEqualTo(403);
        JsonNode problem = TepJson.read(resp.body());
        assertThat(problem.get("code").asText()).isEqualTo("NOT_AUTHORIZED");
        assertThat(problem.get("type").asText()).isEqualTo("urn:tep:error:NOT_AUTHORIZED");
        assertThat(a.bean(cn.tongban.hub.store.InboundStore.class).receiptFor(B, m.id())).isEmpty();
    }

    @Test
    @Order(6)
    void theLocalApiSubmitsAndReportsStatusBehindItsToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI outbox = URI.create("http://127.0.0.1:" + a.apiPort + "/api/v1/outbox");
        String req = "{\"to\":\"" + B + "\",\"type\":\"test.ping\",\"conv\":\"CASE-API-1\",\"body\":{\"hello\":\"世界\"}}";
        HttpResponse<String> anon = http.send(HttpRequest.newBuilder(outbox).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(401);
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(outbox).header("Content-Type", "application/json")
                .header("Authorization", HubFixture.OPERATOR_AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":7}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("to is required").contains("type must be a non-empty string").contains("body or bodyBase64 is required");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(outbox).header("Content-Type", "application/json")
                .header("Authorization", HubFixture.OPERATOR_AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(req)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(202);
        String id = TepJson.read(ok.body().getBytes()).get("id").asText();
        await("API delivery", Duration.ofSeconds(30), () -> delivered(a, List.of(id)) == 1);
        HttpResponse<String> st = http.send(HttpRequest.newBuilder(URI.create(outbox + "/" + id))
                .header("Authorization", HubFixture.OPERATOR_AUTH).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode s = TepJson.read(st.body().getBytes());
        assertThat(s.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(s.get("receipt").get("protected").asText()).isNotEmpty();
        assertThat(s.get("trace").get(0).get("outcome").asText()).isEqualTo("DELIVERED");
        // the TEP endpoint is not on the API port, and the API is not on the TEP port
        HttpResponse<String> tepOnApi = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.apiPort + "/tep/v1/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tepOnApi.statusCode()).isEqualTo(404);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.apiPort + "/api/v1/health"))
                .header("Authorization", HubFixture.OPERATOR_AUTH).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"camel\":\"Started\"");
    }

    @Test
    @Order(6)
    void aSubmissionWithAnIdOfTheCallersIsSafeToRepeat() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI outbox = URI.create("http://127.0.0.1:" + a.apiPort + "/api/v1/outbox");
        String id = java.util.UUID.randomUUID().toString();
        String req = "{\"to\":\"" + B + "\",\"type\":\"test.ping\",\"id\":\"" + id + "\",\"body\":{\"n\":1}}";
        java.util.function.Function<String, HttpResponse<String>> post = body -> {
            try {
                return http.send(HttpRequest.newBuilder(outbox).header("Content-Type", "application/json")
                        .header("Authorization", HubFixture.OPERATOR_AUTH).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        HttpResponse<String> first = post.apply(req);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(TepJson.read(first.body().getBytes()).get("id").asText()).isEqualTo(id);
        HttpResponse<String> again = post.apply(req); // the caller lost the first answer and asks again
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(TepJson.read(again.body().getBytes()).get("id").asText()).isEqualTo(id);
        await("delivery of the one message", Duration.ofSeconds(30), () -> delivered(a, List.of(id)) == 1);
        assertThat(post.apply(req).body()).contains("\"status\":\"DELIVERED\"");
        Thread.sleep(1000); // a second message, had one been queued, would have arrived by now
        assertThat(RecordingRoutes.seenBy(B).get(A + "/" + id).get()).isEqualTo(1);
        HttpResponse<String> notUuid = post.apply(req.replace(id, "my-own-id"));
        assertThat(notUuid.statusCode()).isEqualTo(400);
        assertThat(notUuid.body()).contains("id must be a UUID");
    }

    @Test
    @Order(7)
    void directoryRefreshRefusesRollbackAndKeepsTheLastValidOne() throws Exception {
        DirectoryService dir = a.bean(DirectoryService.class);
        Path source = tmp.resolve("directory-" + A + ".tep.json");
        long before = dir.version();
        byte[] v3 = republishDirectory(before + 1, List.of(new Directory.Acceptance("*", List.of("*"), List.of("*"))));
        Files.write(source, v3);
        assertThat(dir.refresh()).isEqualTo(DirectoryVerdict.TRUSTED);
        assertThat(dir.version()).isEqualTo(before + 1);
        byte[] old = republishDirectory(1, List.of(new Directory.Acceptance("*", List.of("*"), List.of("*"))));
        Files.write(source, old);
        assertThat(dir.refresh()).isEqualTo(DirectoryVerdict.ROLLBACK);
        assertThat(dir.version()).isEqualTo(before + 1);
        Files.writeString(source, "{\"not\":\"a directory\"}");
        assertThat(dir.refresh()).isEqualTo(DirectoryVerdict.UNTRUSTED);
        Files.delete(source);
        assertThat(dir.refresh()).isEqualTo(DirectoryVerdict.UNTRUSTED);
        assertThat(dir.version()).isEqualTo(before + 1);
        // and the one in force is what a restart starts from
        a.stop();
        a.start();
        assertThat(a.bean(DirectoryService.class).version()).isEqualTo(before + 1);
    }

    @Test
    @Order(8)
    void aNewDirectoryIsPickedUpOnTheRefreshInterval() throws Exception {
        DirectoryService dir = b.bean(DirectoryService.class);
        long before = dir.version();
        Files.write(tmp.resolve("directory-" + B + ".tep.json"),
                republishDirectory(before + 5, List.of(new Directory.Acceptance("*", List.of("*"), List.of("*")))));
        await("directory refresh", Duration.ofSeconds(10), () -> dir.version() == before + 5);
    }

    private TepHttpClient clientOf(String node) throws Exception {
        return federation.clientAs(node);
    }
}
