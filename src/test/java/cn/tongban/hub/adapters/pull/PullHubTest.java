package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.store.InboundRecord;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * The pull inside a running hub: configured under tongban.adapters.pull, scheduled by the Quartz route made from
 * routes/pulls.yaml, sending through the real exchange (outbox in the same transaction) to a second hub.
 */
class PullHubTest {
    static final String A = "370000";
    static final String B = "130000";

    @TempDir
    Path tmp;

    @Test
    void aCronPullSendsEachCaseToTheHandlingRegionOnceAndLaterRunsSendNothing() throws Exception {
        Path fed = tmp.resolve("federation");
        LoopbackFederation federation = LoopbackFederation.create(fed, A, B);
        String csv = LegacyRecords.csv(1, 20) + "ZB-2026-00099,malformed\r\n";
        try (LegacyCsvExport export = LegacyCsvExport.serving(csv);
             HubFixture b = new HubFixture(B, fed, tmp.resolve("data"), federation.port(B));
             HubFixture a = new HubFixture(A, fed, tmp.resolve("data"), federation.port(A))) {
            a.set("tongban.adapters.pull.pulls[0].name", "zibo-export")
                    .set("tongban.adapters.pull.pulls[0].kind", "csv-http")
                    .set("tongban.adapters.pull.pulls[0].cron", "0/2 * * * * ?")
                    .set("tongban.adapters.pull.pulls[0].url", export.uri().toString())
                    .set("tongban.adapters.pull.pulls[0].max-records-per-second", "200")
                    .set("tongban.adapters.pull.progress-every", "5");
            b.start();
            a.start();
            PullRunner runner = a.bean(PullRunner.class);
            assertThat(a.bean(CamelContext.class).getRoute("pull-zibo-export")).isNotNull();

            // (read the counts of a later run: by the time one report is seen, the next may have replaced it)
            await("the first scheduled run", () -> runner.lastReport("zibo-export").isPresent());
            OutboundStore outbox = a.bean(OutboundStore.class);
            // B handles each case (routes/inbound.yaml), so other messages cross too: count the case.submit ones
            await("20 deliveries to " + B, () -> caseSubmits(outbox.byStatus(OutboundStatus.DELIVERED, 1000)) == 20);
            InboundStore received = b.bean(InboundStore.class);
            assertThat(received.recent(1000).stream().filter(m -> m.type().equals("case.submit")).count()).isEqualTo(20);
            PullStore pulled = new PullStore(a.bean(JdbcTemplate.class));
            assertThat(pulled.count("zibo-export", PullStore.SUBMITTED)).isEqualTo(20);
            for (PullStore.PulledRecord r : pulled.records("zibo-export")) {
                InboundRecord m = received.find(A, r.messageId()).orElseThrow();
                assertThat(m.type()).isEqualTo("case.submit");
                assertThat(m.conv()).isEqualTo(r.caseId());
                assertThat(m.svc()).isEqualTo("11370800MB285591843370117002011");
                JsonNode c = ExchangeCaseSink.JSON.readTree(m.plaintext());
                assertThat(c.get("caseId").asText()).isEqualTo(r.caseId());
                assertThat(c.get("receivingRegion").asText()).isEqualTo("370300");
            }

            PullReport seen = runner.lastReport("zibo-export").orElseThrow();
            await("a later scheduled run", () -> runner.lastReport("zibo-export").orElseThrow() != seen);
            PullReport later = runner.lastReport("zibo-export").orElseThrow();
            assertThat(later.counts()).isEqualTo("read 21, new 0, skipped 20, failed 1");
            assertThat(later.failures()).singleElement().hasToString("line 22: has 2 fields, the header has 14");
            assertThat(caseSubmits(outbox.byStatus(OutboundStatus.DELIVERED, 1000))).isEqualTo(20);
            assertThat(caseSubmits(outbox.byStatus(OutboundStatus.PENDING, 1000))).isZero();
            assertThat(received.recent(1000).stream().filter(m -> m.type().equals("case.submit")).count()).isEqualTo(20);

            // pull progress in the hub's metrics, scraped over HTTP once the schedule is stopped (no run half counted)
            a.bean(CamelContext.class).getRouteController().stopRoute("pull-zibo-export");
            PullReport last = runner.lastReport("zibo-export").orElseThrow();
            cn.tongban.hub.ops.Scrape s = cn.tongban.hub.ops.Scrape.of(a.apiPort);
            double runs = s.value("tongban_pull_runs_total", java.util.Map.of("node", A, "pull", "zibo-export", "status", "COMPLETED"));
            assertThat(runs).isGreaterThanOrEqualTo(2);
            assertThat(records(s, "submitted")).isEqualTo(20); // the first run's, and no other
            assertThat(records(s, "read")).isEqualTo(21 * runs);
            assertThat(records(s, "failed")).isEqualTo(runs); // the malformed row, every run
            assertThat(records(s, "skipped")).isEqualTo(20 * (runs - 1));
            assertThat(s.value("tongban_pull_last_success_seconds", java.util.Map.of("node", A, "pull", "zibo-export")))
                    .isEqualTo(last.finishedAt().toInstant().toEpochMilli() / 1000.0);
        }
    }

    private static double records(cn.tongban.hub.ops.Scrape s, String outcome) {
        return s.value("tongban_pull_records_total", java.util.Map.of("node", A, "pull", "zibo-export", "outcome", outcome));
    }

    static long caseSubmits(java.util.List<cn.tongban.hub.store.OutboundRecord> messages) {
        return messages.stream().filter(m -> m.type().equals("case.submit")).count();
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        cn.tongban.hub.exchange.Eventually.await(what, Duration.ofSeconds(60), done);
    }
}
