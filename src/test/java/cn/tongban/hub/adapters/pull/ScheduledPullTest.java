package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.store.StoreEngines;

/** One run at a time per pull, and the configured target. */
class ScheduledPullTest {
    @Test
    void aRunAskedForWhileOneIsGoingReturnsBusy() throws Exception {
        try (LegacyCsvExport export = LegacyCsvExport.serving(LegacyRecords.csv(1, 5));
             PullFixture f = new PullFixture(StoreEngines.H2)) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            PullFixture.OutboxSink outbox = f.outbox();
            CaseSink blocking = new CaseSink() {
                @Override
                public String submit(String toNode, String messageType, CaseSubmission c) throws CaseRefused {
                    inside.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return outbox.submit(toNode, messageType, c);
                }

                @Override
                public boolean joinsTransaction() {
                    return true;
                }
            };
            ScheduledPull pull = f.pull("zibo-export", new CsvHttpSource(export.uri(), StandardCharsets.UTF_8,
                    Duration.ofSeconds(10), 1 << 20, "case_id"), blocking);

            CompletableFuture<PullReport> first = CompletableFuture.supplyAsync(pull::run);
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            PullReport second = pull.run();
            release.countDown();

            assertThat(second.status()).isEqualTo(PullReport.Status.BUSY);
            assertThat(second.read()).isZero();
            assertThat(first.get(30, TimeUnit.SECONDS).counts()).isEqualTo("read 5, new 5, skipped 0, failed 0");
            assertThat(pull.lastReport()).contains(first.get());
            assertThat(export.requests()).isEqualTo(1);
            assertThat(pull.run().status()).isEqualTo(PullReport.Status.COMPLETED);
        }
    }

    @Test
    void aConfiguredTargetNodeTakesEveryCase() throws Exception {
        try (LegacyCsvExport export = LegacyCsvExport.serving(LegacyRecords.csv(1, 3));
             PullFixture f = new PullFixture(StoreEngines.H2)) {
            ScheduledPull pull = new ScheduledPull("to-beijing", "110000", "case.submit", new CsvHttpSource(export.uri(),
                    StandardCharsets.UTF_8, Duration.ofSeconds(10), 1 << 20, "case_id"), f.mapper, f.outbox(), f.store,
                    f.transactions, TokenBucket.perSecond(0), PullFixture.CLOCK, 100);
            assertThat(pull.run().submitted()).isEqualTo(3);
            assertThat(f.jdbc.queryForList("SELECT DISTINCT to_node FROM test_outbox", String.class)).containsExactly("110000");
        }
    }

    @Test
    void anExportLargerThanAllowedIsNotRead() throws Exception {
        try (LegacyCsvExport export = LegacyCsvExport.serving(LegacyRecords.csv(1, 50));
             PullFixture f = new PullFixture(StoreEngines.H2)) {
            PullReport r = f.pull("small", new CsvHttpSource(export.uri(), StandardCharsets.UTF_8, Duration.ofSeconds(10),
                    4096, "case_id"), f.outbox()).run();
            assertThat(r.status()).isEqualTo(PullReport.Status.ABORTED);
            assertThat(r.abortReason()).contains("larger than 4096 bytes");
            assertThat(f.outboxCount()).isZero();
        }
    }
}
