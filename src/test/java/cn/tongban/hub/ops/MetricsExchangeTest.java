package cn.tongban.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.TepClient;
import cn.tongban.hub.store.DeliveryAttempt;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;
import cn.tongban.hub.transport.TepHttpClient;

/**
 * Two real hubs exchange messages — delivered ones, retried ones, one refused by the receiver (a dead letter), a
 * replay, a body over the limit — and each hub's {@code /actuator/prometheus}, scraped over HTTP on its API
 * connector, counts exactly that, with the tags the README lists.
 *
 * <p>The refusal: 370000 runs directory version 2, in which it accepts only {@code test.ping}; 130000 still has
 * version 1 (everyone accepts everything), so its local check lets {@code test.other} go and 370000 refuses it at
 * step 10 (NOT_AUTHORIZED).
 */
class MetricsExchangeTest {
    static final String A = "370000";
    static final String B = "130000";

    @TempDir
    Path tmp;

    @Test
    void eachHubCountsWhatCrossedItWithItsPartnerTypeAndCode() throws Exception {
        LoopbackFederation federation = LoopbackFederation.create(tmp.resolve("federation"), A, B);
        Path directoryOfA = tmp.resolve("directory-A.tep.json");
        Files.write(directoryOfA, federation.directory(2, Map.of(A, List.of(new Directory.Acceptance("test.ping", List.of("*"), List.of("*"))))));
        try (HubFixture a = federation.hub(A, tmp.resolve("data")).set("tongban.directory.source", directoryOfA.toString())
                     .set("tongban.limits.max-body-size", "64KB").set("tongban.metrics.refresh-interval", "200ms");
             HubFixture b = federation.hub(B, tmp.resolve("data")).set("tongban.metrics.refresh-interval", "200ms")) {
            b.start();
            // a ping while 370000 is down: its attempts are retried until 370000 comes up
            List<String> early = b.submitPings(A, 1, "early");
            OutboundStore outB = b.bean(OutboundStore.class);
            await("a failed attempt", () -> !outB.attempts(early.get(0)).isEmpty());
            a.start();

            List<String> pingsBa = b.submitPings(A, 3, "ba");
            String refused = b.bean(OutboundExchange.class).submit(OutboundRequest.json(A, "test.other", "conv-other",
                    "{}".getBytes(StandardCharsets.UTF_8)));
            List<String> pingsAb = a.submitPings(B, 2, "ab");
            OutboundStore outA = a.bean(OutboundStore.class);
            await("deliveries and the dead letter", () -> status(outB, early.get(0)) == OutboundStatus.DELIVERED
                    && pingsBa.stream().allMatch(id -> status(outB, id) == OutboundStatus.DELIVERED)
                    && status(outB, refused) == OutboundStatus.DEAD
                    && pingsAb.stream().allMatch(id -> status(outA, id) == OutboundStatus.DELIVERED));

            // a replay of a delivered message (the original receipt again), and a body over 370000's 64 KB
            TepHttpClient asB = federation.clientAs(B);
            TepClient.Response replay = asB.post(URI.create(a.endpoint()), outB.find(pingsBa.get(0)).orElseThrow().sealed(), A);
            assertThat(replay.status()).isEqualTo(200);
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) federation.tls(B).getSocketFactory().createSocket("127.0.0.1", a.tlsPort)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("POST /tep/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/tep+json\r\n"
                        + "Content-Length: " + 70 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                byte[] head = new byte[12];
                assertThat(s.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
                assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
            }

            int retries = 0;
            for (DeliveryAttempt t : outB.attempts(early.get(0))) {
                retries += t.outcome().equals("RETRY") ? 1 : 0;
            }
            assertThat(retries).isPositive();

            Map<String, Double> expectA = new LinkedHashMap<>();
            expectA.put("tongban_messages_received_total{partner=130000,type=test.ping}", 4.0);
            expectA.put("tongban_messages_duplicates_total{partner=130000,type=test.ping}", 1.0);
            expectA.put("tongban_refusals_total{code=NOT_AUTHORIZED,direction=inbound,partner=130000}", 1.0);
            expectA.put("tongban_refusals_total{code=TOO_LARGE,direction=inbound,partner=unknown}", 1.0);
            expectA.put("tongban_messages_submitted_total{partner=130000,type=test.ping}", 2.0);
            expectA.put("tongban_messages_delivered_total{partner=130000,type=test.ping}", 2.0);
            expectA.put("tongban_delivery_attempts_total{outcome=delivered,partner=130000,type=test.ping}", 2.0);
            expectA.put("tongban_delivery_latency_seconds_count{partner=130000,type=test.ping}", 2.0);
            expectA.put("tongban_outbound_pending", 0.0);
            expectA.put("tongban_outbound_dead", 0.0);
            expectA.put("tongban_inbound_awaiting_handover", 0.0);
            expectA.put("tongban_queue_depth{queue=tep.out}", 0.0);
            expectA.put("tongban_queue_depth{queue=tep.in.test.ping}", 0.0); // the recording route took them all
            expectA.put("tongban_directory_version", 2.0);
            expectA.put("tongban_cases_overdue", 0.0);
            expectA.put("tongban_cases_due_soon", 0.0);

            Map<String, Double> expectB = new LinkedHashMap<>();
            expectB.put("tongban_messages_submitted_total{partner=370000,type=test.ping}", 4.0);
            expectB.put("tongban_messages_submitted_total{partner=370000,type=test.other}", 1.0);
            expectB.put("tongban_messages_delivered_total{partner=370000,type=test.ping}", 4.0);
            expectB.put("tongban_messages_dead_total{partner=370000,type=test.other}", 1.0);
            expectB.put("tongban_refusals_total{code=NOT_AUTHORIZED,direction=outbound,partner=370000}", 1.0);
            expectB.put("tongban_delivery_attempts_total{outcome=delivered,partner=370000,type=test.ping}", 4.0);
            expectB.put("tongban_delivery_attempts_total{outcome=retry,partner=370000,type=test.ping}", (double) retries);
            expectB.put("tongban_delivery_attempts_total{outcome=dead,partner=370000,type=test.other}", 1.0);
            expectB.put("tongban_delivery_latency_seconds_count{partner=370000,type=test.ping}", 4.0);
            expectB.put("tongban_outbound_pending", 0.0);
            expectB.put("tongban_outbound_dead", 1.0); // the dead letter, as the store counts it
            expectB.put("tongban_queue_depth{queue=tep.out}", 0.0);
            expectB.put("tongban_directory_version", 1.0);

            Scrape sa = awaitScrape(a, expectA);
            Scrape sb = awaitScrape(b, expectB);
            // the TEP endpoint's requests are timed; Spring Security's per-filter observations and the long-task
            // timers of requests in progress are not made (application.yaml, management.observations)
            assertThat(sa.all("http_server_requests_seconds_count"))
                    .anyMatch(x -> "/tep/v1/messages".equals(x.labels().get("uri")) && x.value() >= 4);
            assertThat(sa.samples).extracting(Scrape.Sample::name)
                    .noneMatch(n -> n.startsWith("spring_security_") || n.startsWith("http_server_requests_active"));
            // nothing counted that did not happen: each counter has exactly the series above
            assertThat(sa.all("tongban_messages_received_total")).hasSize(1);
            assertThat(sa.all("tongban_refusals_total")).hasSize(2);
            assertThat(sb.all("tongban_refusals_total")).hasSize(1);
            assertThat(sb.all("tongban_messages_dead_total")).hasSize(1);
            assertThat(sb.all("tongban_delivery_attempts_total")).hasSize(3);
            // the latency histogram: cumulative buckets up to +Inf, which holds every delivery
            assertThat(sb.all("tongban_delivery_latency_seconds_bucket")).hasSizeGreaterThan(10);
            assertThat(sb.value("tongban_delivery_latency_seconds_bucket", labels(B, "le=+Inf,partner=370000,type=test.ping"))).isEqualTo(4.0);
            // the early ping waited at least one back-off before its delivery: the largest latency shows it
            assertThat(sb.value("tongban_delivery_latency_seconds_max", labels(B, "partner=370000,type=test.ping"))).isGreaterThan(0.1);
            double age = sa.value("tongban_directory_age_seconds", labels(A, ""));
            assertThat(age).isPositive().isLessThan(3600); // signed by the test just now

            // the actuator is on the API connector only: health open, the scrape for viewers; nothing else of it is exposed
            HttpResponse<String> health = Scrape.get(URI.create("http://127.0.0.1:" + a.apiPort + "/actuator/health"), null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            assertThat(Scrape.get(URI.create("http://127.0.0.1:" + a.apiPort + "/actuator/prometheus"), null).statusCode())
                    .as("an anonymous scrape").isEqualTo(401);
            assertThat(Scrape.get(URI.create("http://127.0.0.1:" + a.apiPort + "/actuator/env")).statusCode()).isEqualTo(404);
            HttpClient tlsClient = HttpClient.newBuilder().sslContext(federation.tls(B)).build();
            for (String path : List.of("/actuator/prometheus", "/actuator/health")) {
                HttpResponse<String> onTep = tlsClient.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + a.tlsPort + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(onTep.statusCode()).as(path + " on the TEP connector").isEqualTo(404);
            }
        }
    }

    private static OutboundStatus status(OutboundStore store, String id) {
        return store.find(id).map(r -> r.status()).orElse(null);
    }

    /** {@code a=1,b=2} plus the hub's own node tag. */
    static Map<String, String> labels(String node, String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", node);
        if (!spec.isEmpty()) {
            for (String kv : spec.split(",")) {
                String[] p = kv.split("=", 2);
                m.put(p[0], p[1]);
            }
        }
        return m;
    }

    /**
     * Scrapes until every series has its expected value (counters move a moment after the store commits, the
     * store's gauges every refresh), and fails naming each one that never did.
     */
    static Scrape awaitScrape(HubFixture hub, Map<String, Double> expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Scrape s = Scrape.of(hub.apiPort);
            Map<String, Double> wrong = new LinkedHashMap<>();
            expected.forEach((series, value) -> {
                int brace = series.indexOf('{');
                String name = brace < 0 ? series : series.substring(0, brace);
                String spec = brace < 0 ? "" : series.substring(brace + 1, series.length() - 1);
                double actual = s.value(name, labels(hub.node, spec));
                if (Double.compare(actual, value) != 0) {
                    wrong.put(series, actual);
                }
            });
            if (wrong.isEmpty()) {
                return s;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("hub " + hub.node + ": expected " + expected + ", but these differ (actual): " + wrong);
            }
            Thread.sleep(200);
        }
    }

    static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

}
