package cn.tongban.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.demo.LocalHub;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.trust.TrustStore;

/**
 * Nothing accepted is lost and nothing is handled twice when hubs and broker die without warning. Two hubs
 * run as separate processes from the packaged jar: the sender 370000 on the embedded default (H2 file store,
 * embedded Artemis), the receiver 130000 as in production (PostgreSQL, an external Artemis broker from the
 * distribution, its own process). While 5,000 messages stream from one to the other through the sender's
 * local API, the test SIGKILLs the receiver, then the sender, then the broker, then the receiver again, and
 * starts each again on its data. Afterwards every message submitted is delivered once: the receiver's
 * route handled each exactly once (its ledger, {@code HandlingLedger}), the sender holds a receipt for each
 * that verifies here with the protocol code, and no dead letter exists on either side. The counts are printed.
 */
class CrashRecoveryIT {
    static final int MESSAGES = Integer.getInteger("tongban.crash.messages", 5000);
    static final String SENDER = "370000";
    static final String RECEIVER = "130000";
    static final String ROUTE = "crash-probe";
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/tongban_test";

    /** How far submissions may run ahead of the receiver, so that the stream is still flowing at each kill. */
    static final int AHEAD = 600;

    private final AtomicInteger acknowledged = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong receiverAccepted = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger submitRetries = new AtomicInteger();
    private final Map<String, String> submitErrors = new ConcurrentHashMap<>();

    @Test
    void fiveThousandMessagesSurviveKillNineOfEachHubAndTheBroker() throws Exception {
        Path jar = Path.of(System.getProperty("tongban.jar", "target/tongban-hub.jar")).toAbsolutePath();
        Path artemisHome = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0")).toAbsolutePath();
        assertThat(jar).as("the packaged hub").isRegularFile();
        Path work = Path.of("target", "crash-test", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        Files.createDirectories(work);
        String schema = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        JdbcTemplate receiverDb = new JdbcTemplate(new DriverManagerDataSource(PG + "?currentSchema=" + schema, "tongban", "tongban"));

        LoopbackFederation fed = LoopbackFederation.create(work.resolve("federation"), SENDER, RECEIVER);
        ArtemisBroker broker = ArtemisBroker.create(artemisHome, work.resolve("broker"), LocalHub.freePort(), work.resolve("broker.log"));
        Path probe = LedgerProbeRoute.write(work.resolve("probe.yaml"), ROUTE);
        Path routes = Path.of("routes").toAbsolutePath();

        var receiverHub = fed.hub(RECEIVER, work.resolve("data"))
                .set("spring.artemis.mode", "native")
                .set("spring.artemis.broker-url", broker.url())
                .set("spring.artemis.user", ArtemisBroker.USER)
                .set("spring.artemis.password", ArtemisBroker.PASSWORD)
                .set("spring.datasource.url", PG + "?currentSchema=" + schema)
                .set("spring.datasource.username", "tongban")
                .set("spring.datasource.password", "tongban")
                .set("spring.flyway.schemas", schema)
                .set("spring.flyway.create-schemas", "true")
                .set("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml,file:" + probe);
        var senderHub = fed.hub(SENDER, work.resolve("data"))
                .set("tongban.retry.connect-timeout", "3s")
                .set("tongban.retry.request-timeout", "10s")
                .set("tongban.delivery.lease", "20s")
                .set("tongban.delivery.sweep-grace", "15s")
                .set("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        HubProcess receiver = new HubProcess("receiver " + RECEIVER, jar, receiverHub.arguments(), work.resolve("receiver.log"),
                receiverHub.apiPort);
        HubProcess sender = new HubProcess("sender " + SENDER, jar, senderHub.arguments(), work.resolve("sender.log"),
                senderHub.apiPort);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        List<String> kills = new ArrayList<>();
        try {
            broker.start();
            receiver.start();
            sender.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> work4 = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work4.add(submitters.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < MESSAGES; ) {
                        while (i - receiverAccepted.get() > AHEAD && receiverAccepted.get() < MESSAGES * 4 / 5) {
                            Thread.sleep(100); // the main thread updates receiverAccepted until the last kill
                        }
                        submitUntilAccepted(http, senderHub.apiPort, ids.get(i), i);
                    }
                    return null;
                }));
            }

            // the kills come at points of the stream as the receiver sees it, so that each lands mid-stream
            awaitAccepted(receiverDb, MESSAGES / 6);
            killAndRestart(receiver::kill, receiver::start, "receiver", kills);
            awaitAccepted(receiverDb, MESSAGES * 2 / 5);
            killAndRestart(sender::kill, sender::start, "sender", kills);
            awaitAccepted(receiverDb, MESSAGES * 3 / 5);
            killAndRestart(broker::kill, broker::start, "broker", kills);
            awaitAccepted(receiverDb, MESSAGES * 4 / 5);
            killAndRestart(receiver::kill, receiver::start, "receiver", kills);
            for (Future<?> f : work4) {
                f.get(15, TimeUnit.MINUTES);
            }
            assertThat(submitErrors).as("submissions the sender refused").isEmpty();
            long submittedAt = System.nanoTime();

            await("every message handled by the receiving route", Duration.ofMinutes(8),
                    () -> count(receiverDb, "SELECT COUNT(*) FROM handling_ledger WHERE route = '" + ROUTE + "'") >= MESSAGES);
            await("every message delivered with a receipt, as the sender sees it", Duration.ofMinutes(5),
                    () -> allDelivered(http, senderHub.apiPort, ids));
            long doneAt = System.nanoTime();

            // the hubs stop as an operator stops them; the sender's H2 file can then be read here
            sender.stop();
            receiver.stop();

            int dlq = broker.depth("DLQ");
            int waiting = broker.depth("tep.in.test.ping");
            Set<String> handled = new HashSet<>(receiverDb.queryForList(
                    "SELECT message_id FROM handling_ledger WHERE route = ? AND from_node = ?", String.class, ROUTE, SENDER));
            long redeliveries = count(receiverDb, "SELECT COALESCE(SUM(redeliveries), 0) FROM handling_ledger WHERE route = '" + ROUTE + "'");
            long accepted = count(receiverDb, "SELECT COUNT(*) FROM inbound_message WHERE from_node = '" + SENDER + "'");
            long notHandedOver = count(receiverDb, "SELECT COUNT(*) FROM inbound_message WHERE handed_over_at IS NULL");

            JdbcTemplate senderDb = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:file:" + work.resolve("data").resolve(SENDER)
                    .resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", ""));
            MessageOpener opener = new MessageOpener(TrustStore.of(Pem.readCertificates(fed.dir.resolve("root.pem")), List.of()),
                    Clock.systemUTC(), SENDER, null, null);
            AtomicInteger receiptsVerified = new AtomicInteger();
            List<String> badReceipts = new ArrayList<>();
            Map<String, Integer> byStatus = new ConcurrentHashMap<>();
            Set<String> stored = new HashSet<>();
            senderDb.query("SELECT message_id, status, sealed, receipt FROM outbound_message", rs -> {
                String id = rs.getString(1);
                stored.add(id);
                byStatus.merge(rs.getString(2), 1, Integer::sum);
                try {
                    Receipts.verify(opener, MessageParser.parse(rs.getBytes(3)), rs.getBytes(4));
                    receiptsVerified.incrementAndGet();
                } catch (Exception e) {
                    badReceipts.add(id + ": " + e.getMessage());
                }
            });
            long attempts = count(senderDb, "SELECT COUNT(*) FROM delivery_attempt");
            long retries = count(senderDb, "SELECT COUNT(*) FROM delivery_attempt WHERE outcome = 'RETRY'");
            senderDb.execute("SHUTDOWN");

            System.out.printf("""
                    crash test (%s):
                      messages submitted through the sender's API: %d (submission retries while the sender was down: %d)
                      kills (SIGKILL, then restart): %s
                      sender: stored %d, by status %s, delivery attempts %d (retries %d), receipts verified here %d
                      receiver: accepted %d, not handed over %d, handled by the route %d, redeliveries turned away by the ledger %d
                      broker: DLQ %d, left on tep.in.test.ping %d
                      time: %.1f s to submit everything, %.1f s until all delivered
                    """, work, MESSAGES, submitRetries.get(), kills, stored.size(), byStatus, attempts, retries, receiptsVerified.get(),
                    accepted, notHandedOver, handled.size(), redeliveries, dlq, waiting,
                    (submittedAt - started) / 1e9, (doneAt - started) / 1e9);

            Set<String> expected = new HashSet<>(ids);
            assertThat(stored).as("the sender's outbox holds exactly the messages submitted").isEqualTo(expected);
            assertThat(byStatus).as("every message delivered, none dead").isEqualTo(Map.of("DELIVERED", MESSAGES));
            assertThat(badReceipts).as("receipts that do not verify").isEmpty();
            assertThat(receiptsVerified.get()).isEqualTo(MESSAGES);
            assertThat(accepted).as("the receiver accepted each message once").isEqualTo(MESSAGES);
            assertThat(notHandedOver).isZero();
            assertThat(handled).as("the route handled exactly the messages sent").isEqualTo(expected);
            assertThat(dlq).as("dead letters on the receiver's broker").isZero();
            assertThat(waiting).isZero();
            assertThat(kills).hasSize(4);
        } finally {
            submitters.shutdownNow();
            sender.stop();
            receiver.stop();
            broker.stop();
            receiverDb.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void killAndRestart(Step kill, Step start, String what, List<String> kills) throws Exception {
        kill.run();
        kills.add(what);
        System.out.printf("%tT killed the %s (SIGKILL): %d submissions acknowledged, %d accepted by the receiver%n",
                System.currentTimeMillis(), what, acknowledged.get(), receiverAccepted.get());
        Thread.sleep(2000); // down long enough for the others to notice
        start.run();
        System.out.printf("%tT the %s is up again%n", System.currentTimeMillis(), what);
    }

    /** POSTs one message with the id chosen here until the sender answers 202 (or 200: it had it already). */
    private void submitUntilAccepted(HttpClient http, int apiPort, String id, int n) throws InterruptedException {
        byte[] json = ("{\"to\":\"" + RECEIVER + "\",\"type\":\"test.ping\",\"id\":\"" + id + "\",\"body\":{\"n\":" + n + "}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/outbox"))
                .header("Authorization", cn.tongban.hub.exchange.HubFixture.OPERATOR_AUTH).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        while (true) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202 || r.statusCode() == 200) {
                    acknowledged.incrementAndGet();
                    return;
                }
                if (r.statusCode() < 500) {
                    submitErrors.put(id, r.statusCode() + " " + r.body());
                    return;
                }
            } catch (IOException down) {
                // the sender is down or restarting: the same id again is safe
            }
            submitRetries.incrementAndGet();
            Thread.sleep(200);
        }
    }

    private final Set<String> seenDelivered = ConcurrentHashMap.newKeySet();

    private boolean allDelivered(HttpClient http, int apiPort, List<String> ids) {
        for (String id : ids) {
            if (seenDelivered.contains(id)) {
                continue;
            }
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/outbox/" + id))
                        .header("Authorization", cn.tongban.hub.exchange.HubFixture.OPERATOR_AUTH).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (!body.contains("\"status\":\"DELIVERED\"")) {
                    return false;
                }
                seenDelivered.add(id);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Waits until the receiver has accepted {@code n} messages; submissions stay at most {@link #AHEAD} ahead of it. */
    private void awaitAccepted(JdbcTemplate receiverDb, int n) throws InterruptedException {
        await(n + " messages accepted by the receiver", Duration.ofMinutes(10), () -> {
            receiverAccepted.set(count(receiverDb, "SELECT COUNT(*) FROM inbound_message WHERE from_node = '" + SENDER + "'"));
            return receiverAccepted.get() >= n || !submitErrors.isEmpty();
        });
    }

    private static long count(JdbcTemplate db, String sql) {
        return StoreCounts.count(db, sql);
    }

    private static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        cn.tongban.hub.exchange.Eventually.await(what, max, Duration.ofMillis(500), done);
    }
}
