package cn.tongban.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import cn.tongban.hub.adapters.pull.LegacyCsvExport;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.demo.LocalHub;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.exchange.TepClient;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.transport.TepHttpClient;
import cn.tongban.hub.trust.TrustStore;

/**
 * Two instances of one node (130000) as separate processes from the packaged jar, sharing one PostgreSQL schema
 * and one external Artemis broker, behind nothing (the test addresses each); a peer node 370000 (its own
 * schema, embedded broker) on the other side. It shows:
 * <ol type="a">
 *   <li>the same sealed message POSTed to both instances at once is accepted by both with byte-identical
 *       receipts and handed to the receiving route once;</li>
 *   <li>outbound messages submitted through both instances are delivered by both (competing consumers on the
 *       shared queue), each exactly once;</li>
 *   <li>a scheduled pull runs on one instance only (the pull lock); when that instance is SIGKILLed the other
 *       takes the pull over, not before the lock's time to live has run out;</li>
 *   <li>killing that instance while messages stream in and out loses nothing: every message accepted is handed
 *       over exactly once, every message submitted ends DELIVERED, each accepted once by the peer.</li>
 * </ol>
 * The counts and times are printed; {@code target/scale-test/<time>/} keeps the logs.
 */
class ScaleOutIT {
    static final String NODE = "130000";
    static final String PEER = "370000";
    static final String ROUTE = "scale-probe";
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/tongban_test";
    static final Duration LOCK_TTL = Duration.ofSeconds(10);
    static final Duration LOCK_RENEW = Duration.ofSeconds(1);
    static final int SAME_MESSAGE_PAIRS = 20;
    static final int SHARED_OUTBOUND = 200;
    static final int STREAM = 300;

    private final List<String> schemas = new ArrayList<>();

    @Test
    void twoInstancesOfOneNodeShareTheWorkAndSurviveTheLossOfOne() throws Exception {
        Path jar = Path.of(System.getProperty("tongban.jar", "target/tongban-hub.jar")).toAbsolutePath();
        Path artemisHome = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0")).toAbsolutePath();
        assertThat(jar).as("the packaged hub").isRegularFile();
        Path work = Path.of("target", "scale-test", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        Files.createDirectories(work);
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String nodeSchema = "scale_" + tag;
        String peerSchema = "scale_peer_" + tag;
        schemas.add(nodeSchema);
        schemas.add(peerSchema);
        JdbcTemplate nodeDb = db(nodeSchema);
        JdbcTemplate peerDb = db(peerSchema);

        LoopbackFederation fed = LoopbackFederation.create(work.resolve("federation"), PEER, NODE);
        ArtemisBroker broker = ArtemisBroker.create(artemisHome, work.resolve("broker"), LocalHub.freePort(), work.resolve("broker.log"));
        Path probe = LedgerProbeRoute.write(work.resolve("probe.yaml"), ROUTE);
        LegacyCsvExport export = LegacyCsvExport.serving(Files.readString(Path.of("src/test/resources/pulls/demo-export.csv")));

        HubFixture a = instance(fed.hub(NODE, work.resolve("data-a")), broker, nodeSchema, probe, export);
        HubFixture b = instance(fed.hubBehind(NODE, work.resolve("data-b"), LocalHub.freePort()), broker, nodeSchema, probe, export);
        HubFixture peer = fed.hub(PEER, work.resolve("data-peer"));
        store(peer, peerSchema).set("camel.main.routes-include-pattern", "file:" + probe)
                .set("logging.level.cn.tongban.hub.exchange.InboundExchange", "INFO");
        Map<String, HubProcess> procs = Map.of(
                "A", new HubProcess("130000 instance A", jar, a.arguments(), work.resolve("instance-a.log"), a.apiPort),
                "B", new HubProcess("130000 instance B", jar, b.arguments(), work.resolve("instance-b.log"), b.apiPort),
                "peer", new HubProcess("peer 370000", jar, peer.arguments(), work.resolve("peer.log"), peer.apiPort));
        Map<String, HubApi> api = Map.of("A", new HubApi(a.apiPort), "B", new HubApi(b.apiPort));
        Map<String, URI> endpoint = Map.of("A", URI.create(a.endpoint()), "B", URI.create(b.endpoint()));
        Map<String, Path> log = Map.of("A", work.resolve("instance-a.log"), "B", work.resolve("instance-b.log"));

        MessageSealer sealer = new MessageSealer(Pem.readSm2PrivateKey(fed.dir.resolve(PEER + ".key"), null),
                Pem.readCertificates(fed.dir.resolve(PEER + ".chain.pem")), Clock.systemUTC());
        var recipient = Pem.readCertificate(fed.dir.resolve(NODE + ".pem"));
        TepClient tep = new TepHttpClient(fed.tls(PEER), Duration.ofSeconds(10), Duration.ofSeconds(60));
        MessageOpener asPeer = new MessageOpener(TrustStore.of(Pem.readCertificates(fed.dir.resolve("root.pem")), List.of()),
                Clock.systemUTC(), PEER, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        try {
            broker.start();
            // both instances migrate the one schema at once: Flyway's lock on it lets one do it
            List<Future<HubProcess>> starting = new ArrayList<>();
            for (HubProcess p : procs.values()) {
                starting.add(pool.submit(p::start));
            }
            for (Future<HubProcess> f : starting) {
                f.get(5, TimeUnit.MINUTES);
            }
            System.out.printf("%tT all up after %.1f s%n", System.currentTimeMillis(), (System.nanoTime() - t0) / 1e9);

            // (a) one sealed message, POSTed to both instances at the same moment, twenty times
            List<String> pairIds = new ArrayList<>();
            int identicalReceipts = 0;
            for (int i = 0; i < SAME_MESSAGE_PAIRS; i++) {
                byte[] sealed = seal(sealer, recipient, "pair-" + i);
                pairIds.add(MessageParser.parse(sealed).header().id());
                CountDownLatch go = new CountDownLatch(1);
                Future<TepClient.Response> toA = pool.submit(() -> { go.await(); return tep.post(endpoint.get("A"), sealed, NODE); });
                Future<TepClient.Response> toB = pool.submit(() -> { go.await(); return tep.post(endpoint.get("B"), sealed, NODE); });
                go.countDown();
                TepClient.Response ra = toA.get(60, TimeUnit.SECONDS);
                TepClient.Response rb = toB.get(60, TimeUnit.SECONDS);
                assertThat(ra.status()).as("instance A's answer").isEqualTo(200);
                assertThat(rb.status()).as("instance B's answer").isEqualTo(200);
                assertThat(rb.body()).as("the receipts of both instances, byte for byte").isEqualTo(ra.body());
                Receipts.verify(asPeer, MessageParser.parse(sealed), ra.body());
                identicalReceipts++;
            }
            await("the pairs handled by the route", Duration.ofMinutes(2), () -> ledger(nodeDb).containsAll(pairIds));
            long pairRows = count(nodeDb, "SELECT COUNT(*) FROM inbound_message WHERE message_id IN (" + quoted(pairIds) + ")");
            long pairLedger = count(nodeDb, "SELECT COUNT(*) FROM handling_ledger WHERE route = '" + ROUTE + "' AND message_id IN (" + quoted(pairIds) + ")");
            long pairRedeliveries = count(nodeDb, "SELECT COALESCE(SUM(redeliveries), 0) FROM handling_ledger WHERE route = '" + ROUTE + "'");
            assertThat(pairRows).as("each pair stored once").isEqualTo(SAME_MESSAGE_PAIRS);
            assertThat(pairLedger).as("each pair handled once by the route").isEqualTo(SAME_MESSAGE_PAIRS);
            System.out.printf("%tT (a) %d messages POSTed to both instances at once: %d receipt pairs byte-identical and verified, "
                            + "stored %d, handled by the route %d, second hand-overs turned away by the ledger %d%n",
                    System.currentTimeMillis(), SAME_MESSAGE_PAIRS, identicalReceipts, pairRows, pairLedger, pairRedeliveries);

            // (b) outbound through both instances: both deliver, each message once
            Map<String, Integer> deliveredBefore = Map.of("A", delivered(log.get("A")), "B", delivered(log.get("B")));
            List<String> shared = new ArrayList<>();
            List<Future<?>> submits = new ArrayList<>();
            long sharedStart = System.nanoTime();
            for (int i = 0; i < SHARED_OUTBOUND; i++) {
                String id = UUID.randomUUID().toString();
                shared.add(id);
                String via = i % 2 == 0 ? "A" : "B";
                int n = i;
                submits.add(pool.submit(() -> { submit(api, via, id, n); return null; }));
            }
            for (Future<?> f : submits) {
                f.get(2, TimeUnit.MINUTES);
            }
            await("the shared outbound messages delivered", Duration.ofMinutes(2),
                    () -> count(nodeDb, "SELECT COUNT(*) FROM outbound_message WHERE status = 'DELIVERED' AND message_id IN (" + quoted(shared) + ")") == SHARED_OUTBOUND);
            double sharedSeconds = (System.nanoTime() - sharedStart) / 1e9;
            int byA = delivered(log.get("A")) - deliveredBefore.get("A");
            int byB = delivered(log.get("B")) - deliveredBefore.get("B");
            long deliveredAttempts = count(nodeDb, "SELECT COUNT(*) FROM delivery_attempt WHERE outcome = 'DELIVERED' AND message_id IN (" + quoted(shared) + ")");
            long peerAccepted = count(peerDb, "SELECT COUNT(*) FROM inbound_message WHERE from_node = '" + NODE + "' AND message_id IN (" + quoted(shared) + ")");
            System.out.printf("%tT (b) %d outbound messages submitted half through each instance: delivered by A %d, by B %d; "
                            + "DELIVERED attempts %d; accepted by the peer %d; %.1f s from the first submission to the last receipt (%.0f msg/s)%n",
                    System.currentTimeMillis(), SHARED_OUTBOUND, byA, byB, deliveredAttempts, peerAccepted, sharedSeconds,
                    SHARED_OUTBOUND / sharedSeconds);
            assertThat(byA).as("deliveries made by instance A").isPositive();
            assertThat(byB).as("deliveries made by instance B").isPositive();
            assertThat(byA + byB).as("one delivery per message, counted in the instances' logs").isEqualTo(SHARED_OUTBOUND);
            assertThat(deliveredAttempts).as("one DELIVERED attempt per message").isEqualTo(SHARED_OUTBOUND);
            assertThat(peerAccepted).isEqualTo(SHARED_OUTBOUND);

            // (c) the pull runs on the lock holder only
            await("an instance takes the pull lock", Duration.ofMinutes(1), () -> lockTaken(log.get("A")) + lockTaken(log.get("B")) > 0);
            String holder = lockTaken(log.get("A")) > 0 ? "A" : "B";
            String other = holder.equals("A") ? "B" : "A";
            await("the holder runs the pull", Duration.ofMinutes(1), () -> pullRuns(log.get(holder)) >= 2);
            int otherRunsBefore = pullRuns(log.get(other));
            assertThat(lockTaken(log.get(other))).as("the other instance never took the lock").isZero();
            assertThat(otherRunsBefore).as("pull runs on the instance without the lock").isZero();

            // (d) a stream in and out through both instances; the lock holder is SIGKILLed a third of the way in
            List<byte[]> inbound = new ArrayList<>();
            List<String> inboundIds = new ArrayList<>();
            for (int i = 0; i < STREAM; i++) {
                inbound.add(seal(sealer, recipient, "stream-" + i));
                inboundIds.add(MessageParser.parse(inbound.get(i)).header().id());
            }
            List<String> outboundIds = new ArrayList<>();
            for (int i = 0; i < STREAM; i++) {
                outboundIds.add(UUID.randomUUID().toString());
            }
            Set<String> dead = ConcurrentHashMap.newKeySet();
            AtomicInteger inboundAccepted = new AtomicInteger();
            AtomicInteger failovers = new AtomicInteger();
            Map<String, String> receiptsBad = new ConcurrentHashMap<>();
            AtomicInteger nextIn = new AtomicInteger();
            AtomicInteger nextOut = new AtomicInteger();
            List<Future<?>> streams = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                streams.add(pool.submit(() -> {
                    for (int i; (i = nextIn.getAndIncrement()) < STREAM; ) {
                        byte[] m = inbound.get(i);
                        TepClient.Response r = postUntilAccepted(tep, endpoint, dead, i, m, failovers);
                        try {
                            Receipts.verify(asPeer, MessageParser.parse(m), r.body());
                        } catch (Exception e) {
                            receiptsBad.put(inboundIds.get(i), e.toString());
                        }
                        inboundAccepted.incrementAndGet();
                    }
                    return null;
                }));
                streams.add(pool.submit(() -> {
                    for (int i; (i = nextOut.getAndIncrement()) < STREAM; ) {
                        submitUntilAccepted(api, dead, i, outboundIds.get(i), failovers);
                    }
                    return null;
                }));
            }
            await("a third of the stream accepted", Duration.ofMinutes(2), () -> inboundAccepted.get() >= STREAM / 3);
            procs.get(holder).kill();
            long killedAt = System.nanoTime();
            dead.add(holder);
            System.out.printf("%tT killed instance %s, the pull lock holder (SIGKILL): %d inbound accepted, %d outbound submitted%n",
                    System.currentTimeMillis(), holder, inboundAccepted.get(), nextOut.get());
            await("the other instance takes the pull lock", Duration.ofMinutes(1), () -> lockTaken(log.get(other)) > 0);
            double takeover = (System.nanoTime() - killedAt) / 1e9;
            await("the other instance runs the pull", Duration.ofMinutes(1), () -> pullRuns(log.get(other)) > otherRunsBefore);
            double firstRun = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("%tT (c) instance %s took the pull lock %.1f s after the kill and ran the pull %.1f s after it "
                            + "(lock time to live %d s, renewed every %d s)%n", System.currentTimeMillis(), other, takeover, firstRun,
                    LOCK_TTL.toSeconds(), LOCK_RENEW.toSeconds());
            // the holder renewed at most LOCK_RENEW before it died: the row kept the other out until then at least
            assertThat(takeover).as("takeover not before the lock expired").isGreaterThanOrEqualTo(LOCK_TTL.minus(LOCK_RENEW).toMillis() / 1000.0);

            for (Future<?> f : streams) {
                f.get(4, TimeUnit.MINUTES);
            }
            await("every inbound message handled by the route", Duration.ofMinutes(3), () -> ledger(nodeDb).containsAll(inboundIds));
            await("every outbound message delivered", Duration.ofMinutes(3),
                    () -> count(nodeDb, "SELECT COUNT(*) FROM outbound_message WHERE status = 'DELIVERED' AND message_id IN (" + quoted(outboundIds) + ")") == STREAM);
            long done = System.nanoTime();

            long acceptedRows = count(nodeDb, "SELECT COUNT(*) FROM inbound_message WHERE message_id IN (" + quoted(inboundIds) + ")");
            long notHandedOver = count(nodeDb, "SELECT COUNT(*) FROM inbound_message WHERE handed_over_at IS NULL");
            long ledgerRows = count(nodeDb, "SELECT COUNT(*) FROM handling_ledger WHERE route = '" + ROUTE + "'");
            long redeliveries = count(nodeDb, "SELECT COALESCE(SUM(redeliveries), 0) FROM handling_ledger WHERE route = '" + ROUTE + "'");
            Map<String, Long> outStatus = new ConcurrentHashMap<>();
            nodeDb.query("SELECT status, COUNT(*) FROM outbound_message WHERE type = 'test.ping' GROUP BY status", rs -> { outStatus.put(rs.getString(1), rs.getLong(2)); });
            long outDeliveredAttempts = count(nodeDb, "SELECT COUNT(*) FROM delivery_attempt WHERE outcome = 'DELIVERED' AND message_id IN (" + quoted(outboundIds) + ")");
            long peerRows = count(peerDb, "SELECT COUNT(*) FROM inbound_message WHERE from_node = '" + NODE + "' AND message_id IN (" + quoted(outboundIds) + ")");
            // what a message costs the store, for the capacity note: table + indexes + TOAST, per row
            String perRow = "SELECT pg_total_relation_size('%s') / GREATEST(COUNT(*), 1) FROM %s";
            long inboundBytes = count(nodeDb, perRow.formatted("inbound_message", "inbound_message"));
            long outboundBytes = count(nodeDb, perRow.formatted("outbound_message", "outbound_message"));
            long attemptBytes = count(nodeDb, perRow.formatted("delivery_attempt", "delivery_attempt"));
            List<String> badReceipts = new ArrayList<>();
            nodeDb.query("SELECT message_id, sealed, receipt FROM outbound_message WHERE type = 'test.ping'", rs -> {
                try {
                    MessageOpener asNode = new MessageOpener(TrustStore.of(Pem.readCertificates(fed.dir.resolve("root.pem")), List.of()),
                            Clock.systemUTC(), NODE, null, null);
                    Receipts.verify(asNode, MessageParser.parse(rs.getBytes(2)), rs.getBytes(3));
                } catch (Exception e) {
                    badReceipts.add(rs.getString(1) + ": " + e.getMessage());
                }
            });
            // (e) the same outbound load as (b) through the survivor alone, for the capacity note (docs/scaling.md)
            List<String> alone = new ArrayList<>();
            List<Future<?>> aloneSubmits = new ArrayList<>();
            long aloneStart = System.nanoTime();
            for (int i = 0; i < SHARED_OUTBOUND; i++) {
                String id = UUID.randomUUID().toString();
                alone.add(id);
                int n = i;
                aloneSubmits.add(pool.submit(() -> { submit(api, other, id, n); return null; }));
            }
            for (Future<?> f : aloneSubmits) {
                f.get(2, TimeUnit.MINUTES);
            }
            await("the survivor's outbound messages delivered", Duration.ofMinutes(2),
                    () -> count(nodeDb, "SELECT COUNT(*) FROM outbound_message WHERE status = 'DELIVERED' AND message_id IN (" + quoted(alone) + ")") == SHARED_OUTBOUND);
            double aloneSeconds = (System.nanoTime() - aloneStart) / 1e9;
            System.out.printf("%tT (e) %d outbound messages through instance %s alone: %.1f s from the first submission to the last receipt "
                    + "(%.0f msg/s; two instances in (b): %.0f msg/s)%n", System.currentTimeMillis(), SHARED_OUTBOUND, other, aloneSeconds,
                    SHARED_OUTBOUND / aloneSeconds, SHARED_OUTBOUND / sharedSeconds);
            procs.get(other).stop();
            procs.get("peer").stop();
            int dlq = broker.depth("DLQ");
            int waiting = broker.depth("tep.in.test.ping");
            System.out.printf("""
                    scale-out test (%s):
                      (d) stream through both instances, instance %s killed mid-stream: inbound %d (client fail-overs to the other instance %d), outbound %d
                      node %s: inbound accepted %d, not handed over %d, route ledger %d (redeliveries turned away %d); outbound by status %s,
                               DELIVERED attempts for the stream %d, receipts that do not verify %d
                      peer %s: accepted %d of the stream
                      broker: DLQ %d, left on tep.in.test.ping %d
                      store (PostgreSQL, bytes per row with indexes and TOAST): inbound_message %d, outbound_message %d, delivery_attempt %d
                      time: %.1f s from the first start to the end of the stream
                    """, work, holder, STREAM, failovers.get(), STREAM, NODE, acceptedRows, notHandedOver, ledgerRows, redeliveries,
                    outStatus, outDeliveredAttempts, badReceipts.size(), PEER, peerRows, dlq, waiting, inboundBytes, outboundBytes,
                    attemptBytes, (done - t0) / 1e9);

            assertThat(receiptsBad).as("stream receipts that do not verify").isEmpty();
            assertThat(acceptedRows).as("each stream message stored once").isEqualTo(STREAM);
            assertThat(notHandedOver).isZero();
            Set<String> all = new HashSet<>(pairIds);
            all.addAll(inboundIds);
            assertThat(ledger(nodeDb)).as("the route handled exactly the messages accepted").isEqualTo(all);
            assertThat(outStatus).as("every outbound message delivered, none dead or pending")
                    .isEqualTo(Map.of("DELIVERED", (long) (SHARED_OUTBOUND + STREAM)));  // counted before (e)
            assertThat(outDeliveredAttempts).as("one DELIVERED attempt per stream message").isEqualTo(STREAM);
            assertThat(peerRows).as("the peer accepted each once").isEqualTo(STREAM);
            assertThat(badReceipts).isEmpty();
            assertThat(dlq).isZero();
            assertThat(waiting).isZero();
        } finally {
            pool.shutdownNow();
            for (HubProcess p : procs.values()) {
                p.stop();
            }
            broker.stop();
            export.close();
            for (String s : schemas) {
                nodeDb.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
            }
        }
    }

    private static JdbcTemplate db(String schema) {
        return new JdbcTemplate(new DriverManagerDataSource(PG + "?currentSchema=" + schema, "tongban", "tongban"));
    }

    private static HubFixture store(HubFixture hub, String schema) {
        return hub.set("spring.datasource.url", PG + "?currentSchema=" + schema)
                .set("spring.datasource.username", "tongban")
                .set("spring.datasource.password", "tongban")
                .set("spring.flyway.schemas", schema)
                .set("spring.flyway.create-schemas", "true")
                .set("logging.level.cn.tongban.hub.exchange.DeliveryWorker", "INFO");
    }

    /** One instance of the node: the shared schema and broker, short leases, a pull every two seconds under the lock. */
    private static HubFixture instance(HubFixture hub, ArtemisBroker broker, String schema, Path probe, LegacyCsvExport export) {
        return store(hub, schema)
                .set("spring.artemis.mode", "native")
                .set("spring.artemis.broker-url", broker.url())
                .set("spring.artemis.user", ArtemisBroker.USER)
                .set("spring.artemis.password", ArtemisBroker.PASSWORD)
                .set("camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/pulls.yaml,file:" + probe)
                .set("tongban.retry.connect-timeout", "2s")
                .set("tongban.retry.request-timeout", "10s")
                .set("tongban.delivery.lease", "15s")
                .set("tongban.delivery.sweep-grace", "5s")
                .set("tongban.adapters.pull.lock.time-to-live", LOCK_TTL.toSeconds() + "s")
                .set("tongban.adapters.pull.lock.renew-every", LOCK_RENEW.toSeconds() + "s")
                .set("tongban.adapters.pull.pulls[0].name", "scale-probe")
                .set("tongban.adapters.pull.pulls[0].kind", "csv-http")
                .set("tongban.adapters.pull.pulls[0].cron", "0/2 * * * * ?")
                .set("tongban.adapters.pull.pulls[0].url", export.uri().toString())
                .set("tongban.adapters.pull.pulls[0].max-records-per-second", "0")
                .set("tongban.adapters.pull.pulls[0].target.node", PEER)
                .set("logging.level.cn.tongban.hub.adapters.pull", "INFO");
    }

    private static byte[] seal(MessageSealer sealer, java.security.cert.X509Certificate recipient, String conv) {
        return sealer.seal(SealRequest.builder(PEER, NODE, "test.ping").conv(conv)
                .body(("{\"conv\":\"" + conv + "\"}").getBytes(StandardCharsets.UTF_8)).encryptTo(recipient).build()).bytes();
    }

    private static void submit(Map<String, HubApi> api, String via, String id, int n) throws IOException, InterruptedException {
        HttpResponse<String> r = api.get(via).postJson("/api/v1/outbox", outbound(id, n));
        assertThat(r.statusCode()).as("submission through " + via + ": " + r.body()).isIn(200, 202);
    }

    private static String outbound(String id, int n) {
        return "{\"to\":\"" + PEER + "\",\"type\":\"test.ping\",\"id\":\"" + id + "\",\"body\":{\"n\":" + n + "}}";
    }

    /** As a load balancer would: alternate instances, and the other one when an instance does not answer. */
    private static TepClient.Response postUntilAccepted(TepClient tep, Map<String, URI> endpoint, Set<String> dead, int i, byte[] m,
                                                        AtomicInteger failovers) throws InterruptedException {
        String first = i % 2 == 0 ? "A" : "B";
        String second = first.equals("A") ? "B" : "A";
        for (int attempt = 0; ; attempt++) {
            String via = attempt % 2 == 0 ? first : second;
            try {
                TepClient.Response r = tep.post(endpoint.get(via), m, NODE);
                if (r.status() == 200) {
                    return r;
                }
            } catch (IOException down) {
                // this instance is gone: the other one
            }
            failovers.incrementAndGet();
            Thread.sleep(dead.isEmpty() ? 200 : 20);
        }
    }

    private static void submitUntilAccepted(Map<String, HubApi> api, Set<String> dead, int i, String id, AtomicInteger failovers)
            throws InterruptedException {
        String first = i % 2 == 0 ? "A" : "B";
        String second = first.equals("A") ? "B" : "A";
        for (int attempt = 0; ; attempt++) {
            String via = attempt % 2 == 0 ? first : second;
            try {
                HttpResponse<String> r = api.get(via).postJson("/api/v1/outbox", outbound(id, i));
                if (r.statusCode() == 200 || r.statusCode() == 202) {
                    return;
                }
                if (r.statusCode() < 500) {
                    throw new AssertionError("submission refused: " + r.statusCode() + " " + r.body());
                }
            } catch (IOException down) {
                // the same id through the other instance is safe: one store
            }
            failovers.incrementAndGet();
            Thread.sleep(dead.isEmpty() ? 200 : 20);
        }
    }

    private static Set<String> ledger(JdbcTemplate db) {
        try {
            return new HashSet<>(db.queryForList("SELECT message_id FROM handling_ledger WHERE route = ?", String.class, ROUTE));
        } catch (RuntimeException notYet) {
            return Set.of();
        }
    }

    private static int delivered(Path log) {
        return lines(log, "DeliveryWorker", "delivered test.ping");
    }

    private static int lockTaken(Path log) {
        return lines(log, "PullLock", "pull lock taken");
    }

    private static int pullRuns(Path log) {
        return lines(log, "ScheduledPull", "pull scale-probe finished");
    }

    private static int lines(Path log, String logger, String text) {
        try (var s = Files.lines(log, StandardCharsets.UTF_8)) {
            return (int) s.filter(l -> l.contains(logger) && l.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static String quoted(List<String> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private static long count(JdbcTemplate db, String sql) {
        return StoreCounts.count(db, sql);
    }

    private static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        cn.tongban.hub.exchange.Eventually.await(what, max, Duration.ofMillis(250), done);
    }
}
