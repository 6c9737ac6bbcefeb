package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.store.StoreEngines;

/** CSV pulls over HTTP from the simulated legacy export, with the bookkeeping on H2 and on PostgreSQL. */
class CsvPullTest {
    LegacyCsvExport export;
    PullFixture f;

    @BeforeEach
    void startExport() throws Exception {
        export = LegacyCsvExport.serving(LegacyRecords.csv(1, 25));
    }

    @AfterEach
    void stop() {
        export.close();
        if (f != null) {
            f.close();
        }
    }

    private CsvHttpSource source(String keyColumn) {
        return new CsvHttpSource(export.uri(), StandardCharsets.UTF_8, Duration.ofSeconds(10), 1 << 20, keyColumn);
    }

    private CsvHttpSource source() {
        return source("case_id");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void pullsEveryRowOnceAndAReRunSendsNothing(StoreEngines engine) throws Exception {
        f = new PullFixture(engine);
        PullFixture.OutboxSink sink = f.outbox();
        ScheduledPull pull = f.pull("zibo-export", source(), sink);

        PullReport first = pull.run();
        assertThat(first.status()).isEqualTo(PullReport.Status.COMPLETED);
        assertThat(first.counts()).isEqualTo("read 25, new 25, skipped 0, failed 0");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 25));
        assertThat(f.store.count("zibo-export", PullStore.SUBMITTED)).isEqualTo(25);
        assertThat(f.store.records("zibo-export")).allSatisfy(r -> assertThat(r.messageId()).isEqualTo("msg-" + r.caseId()));
        assertThat(f.store.checkpoint("zibo-export")).contains(LegacyRecords.caseId(25));

        // the case as it would go out: province hub of the handling region, the canonical JSON
        assertThat(f.jdbc.queryForList("SELECT DISTINCT to_node FROM test_outbox", String.class)).containsExactly("130000");
        JsonNode c = ExchangeCaseSink.JSON.readTree(f.jdbc.queryForObject(
                "SELECT body FROM test_outbox WHERE case_id = ?", String.class, LegacyRecords.caseId(2)));
        assertThat(c.get("caseId").asText()).isEqualTo("ZB-2026-00002");
        assertThat(c.get("mode").asText()).isEqualTo("remote-intake");
        assertThat(c.get("applicant").get("type").asText()).isEqualTo("person");
        assertThat(c.get("applicant").get("idNumber").asText()).isEqualTo(LegacyRecords.idNumber(2));
        assertThat(c.get("handlingRegions").get(0).asText()).isEqualTo("130900");
        assertThat(c.get("materials").get(0).get("licenceId").asText()).isEqualTo(LegacyRecords.LICENCE);
        assertThat(c.get("promisedWorkingDays").asInt()).isEqualTo(15);
        assertThat(c.get("submittedAt").asText()).isEqualTo("2026-03-02T09:00:00+08:00");

        PullReport second = pull.run();
        assertThat(second.counts()).isEqualTo("read 25, new 0, skipped 25, failed 0");
        assertThat(f.outboxCount()).isEqualTo(25);
        assertThat(sink.calls.get()).isEqualTo(25);
        assertThat(export.requests()).isEqualTo(2);

        // the export grows: only the new rows go
        export.setContent(LegacyRecords.csv(1, 30));
        assertThat(pull.run().counts()).isEqualTo("read 30, new 5, skipped 25, failed 0");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 30));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void malformedRowsAreReportedAndSkippedWhileTheRestGoThrough(StoreEngines engine) {
        f = new PullFixture(engine);
        Map<String, String> badMode = LegacyRecords.row(4);
        badMode.put("mode", "by-fax");
        Map<String, String> badId = LegacyRecords.row(5);
        String wrongCheck = badId.get("applicant_id").substring(0, 17) + (badId.get("applicant_id").endsWith("0") ? "1" : "0");
        badId.put("applicant_id", wrongCheck);
        Map<String, String> noCaseId = LegacyRecords.row(7);
        noCaseId.put("case_id", "");
        Map<String, String> badDays = LegacyRecords.row(8);
        badDays.put("promised_days", "fifteen");
        Map<String, String> multiLine = LegacyRecords.row(9);
        multiLine.put("service_item_name", "营业执照\n变更登记"); // a quoted field over two lines
        Map<String, String> badLicence = LegacyRecords.row(10);
        badLicence.put("licences", "营业执照=" + LegacyRecords.LICENCE.replace(".F", ".G"));
        String csv = LegacyRecords.header()                                       // line 1
                + LegacyRecords.line(LegacyRecords.row(1))                        // 2
                + "ZB-2026-00002,too,few,columns\r\n"                             // 3
                + LegacyRecords.line(LegacyRecords.row(3))                        // 4
                + LegacyRecords.line(badMode)                                     // 5
                + LegacyRecords.line(badId)                                       // 6
                + "ZB-2026-00006,\"unterminated,\"x\"" + ",y\r\n"                 // 7: a stray quote
                + "\r\n"                                                          // 8: blank, ignored
                + LegacyRecords.line(noCaseId)                                    // 9
                + LegacyRecords.line(badDays)                                     // 10
                + LegacyRecords.line(multiLine)                                   // 11-12
                + LegacyRecords.line(badLicence)                                  // 13
                + LegacyRecords.line(LegacyRecords.row(11));                      // 14
        export.setContent(csv);
        ScheduledPull pull = f.pull("zibo-export", source(), f.outbox());

        PullReport r = pull.run();

        assertThat(r.status()).isEqualTo(PullReport.Status.COMPLETED);
        assertThat(r.counts()).isEqualTo("read 11, new 4, skipped 0, failed 7");
        assertThat(f.outboxCaseIds()).containsExactly("ZB-2026-00001", "ZB-2026-00003", "ZB-2026-00009", "ZB-2026-00011");
        assertThat(r.failures()).extracting(PullReport.Failure::line).containsExactly(3L, 5L, 6L, 7L, 9L, 10L, 13L);
        assertThat(r.failures()).extracting(PullReport.Failure::key)
                .containsExactly(null, "ZB-2026-00004", "ZB-2026-00005", null, null, "ZB-2026-00008", "ZB-2026-00010");
        List<String> reasons = r.failures().stream().map(PullReport.Failure::reason).toList();
        assertThat(reasons.get(0)).isEqualTo("has 4 fields, the header has 14");
        assertThat(reasons.get(1)).startsWith("mode must be fully-online, remote-intake or joint-handling, not 'by-fax'");
        assertThat(reasons.get(2)).isEqualTo("applicant_id is not a valid resident identity number: 370303********"
                + wrongCheck.substring(14));
        assertThat(reasons.get(3)).isEqualTo("unreadable CSV (Invalid character between encapsulated token and delimiter)");
        assertThat(reasons.get(4)).isEqualTo("the key column is empty");
        assertThat(reasons.get(5)).startsWith("promised_days must be a whole number");
        assertThat(reasons.get(6)).startsWith("licences: not a valid GB/T 36904 licence identifier");
        // no personal data in the report
        assertThat(r.failures().toString()).doesNotContain(LegacyRecords.NAME).doesNotContain(wrongCheck);
        // a failed record holds the checkpoint where the run was still in order
        assertThat(f.store.checkpoint("zibo-export")).contains("ZB-2026-00001");

        // the next run reports them again (until the legacy system corrects them) and sends nothing twice
        PullReport again = pull.run();
        assertThat(again.counts()).isEqualTo("read 11, new 0, skipped 4, failed 7");
        export.setContent(LegacyRecords.csv(1, 11));
        assertThat(pull.run().counts()).isEqualTo("read 11, new 7, skipped 4, failed 0");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 11));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aCrashMidPullThenARerunSendsEachCaseExactlyOnce(StoreEngines engine) {
        f = new PullFixture(engine);
        for (boolean afterWriting : new boolean[] {false, true}) {
            String name = afterWriting ? "crash-after-write" : "crash-before-write";
            f.jdbc.update("DELETE FROM test_outbox");
            PullFixture.OutboxSink crashing = f.outbox();
            crashing.crashOnCall = 8;
            crashing.crashAfterWriting = afterWriting;

            PullReport broken = f.pull(name, source(), crashing).run();

            assertThat(broken.status()).isEqualTo(PullReport.Status.ABORTED);
            assertThat(broken.abortReason()).contains("simulated crash");
            assertThat(broken.counts()).isEqualTo("read 8, new 7, skipped 0, failed 0");
            assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 7)); // the 8th rolled back
            assertThat(f.store.count(name, PullStore.SUBMITTED)).isEqualTo(7);
            assertThat(f.store.checkpoint(name)).contains(LegacyRecords.caseId(7));

            PullReport resumed = f.pull(name, source(), f.outbox()).run();

            assertThat(resumed.counts()).isEqualTo("read 25, new 18, skipped 7, failed 0");
            assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 25));
            assertThat(f.store.count(name, PullStore.SUBMITTED)).isEqualTo(25);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aSinkOutsideTheDatabaseIsSubmittedAgainAfterACrashAndDropsTheRepeat(StoreEngines engine) {
        f = new PullFixture(engine);
        PullFixture.RemoteSink remote = new PullFixture.RemoteSink();
        remote.crashAfterCall = 8;

        PullReport broken = f.pull("remote", source(), remote).run();

        assertThat(broken.status()).isEqualTo(PullReport.Status.ABORTED);
        assertThat(f.store.count("remote", PullStore.SUBMITTED)).isEqualTo(7);
        assertThat(f.store.records("remote")).filteredOn(r -> r.outcome().equals(PullStore.PENDING))
                .extracting(PullStore.PulledRecord::caseId).containsExactly(LegacyRecords.caseId(8));
        remote.crashAfterCall = -1;

        PullReport resumed = f.pull("remote", source(), remote).run();

        assertThat(resumed.counts()).isEqualTo("read 25, new 18, skipped 7, failed 0");
        assertThat(remote.calls).hasSize(26).containsOnlyOnce(LegacyRecords.caseId(1)); // the 8th was submitted twice
        assertThat(remote.accepted.keySet()).containsExactlyInAnyOrderElementsOf(LegacyRecords.caseIds(1, 25));
        assertThat(remote.accepted.values()).allMatch(n -> n == 1);
        assertThat(f.store.count("remote", PullStore.SUBMITTED)).isEqualTo(25);
        assertThat(f.store.count("remote", PullStore.PENDING)).isZero();
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aRefusedCaseCountsAsFailedAndIsTriedAgainNextRun(StoreEngines engine) {
        f = new PullFixture(engine);
        PullFixture.OutboxSink sink = f.outbox();
        sink.refuse = java.util.Set.of(LegacyRecords.caseId(3));
        ScheduledPull pull = f.pull("zibo-export", source(), sink);

        PullReport r = pull.run();

        assertThat(r.counts()).isEqualTo("read 25, new 24, skipped 0, failed 1");
        assertThat(r.failures()).singleElement().satisfies(fl -> {
            assertThat(fl.key()).isEqualTo(LegacyRecords.caseId(3));
            assertThat(fl.line()).isEqualTo(4);
            assertThat(fl.reason()).startsWith("not taken by the hub: NOT_AUTHORIZED");
        });
        assertThat(f.store.outcome("zibo-export", LegacyRecords.caseId(3))).isEmpty();
        sink.refuse = java.util.Set.of();
        assertThat(pull.run().counts()).isEqualTo("read 25, new 1, skipped 24, failed 0");
        assertThat(f.outboxCount()).isEqualTo(25);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aChangedHeaderOrAnUnavailableExportStopsTheRunBeforeAnythingIsSent(StoreEngines engine) {
        f = new PullFixture(engine);
        ScheduledPull pull = f.pull("zibo-export", source(), f.outbox());

        export.setContent(LegacyRecords.csv(1, 5).replaceFirst("promised_days", "promised_time"));
        PullReport renamed = pull.run();
        assertThat(renamed.status()).isEqualTo(PullReport.Status.ABORTED);
        assertThat(renamed.abortReason()).isEqualTo("the export's columns differ from the layout: missing [promised_days] unknown [promised_time]");
        assertThat(renamed.read()).isZero();

        export.setContent(LegacyRecords.csv(1, 5));
        export.setStatus(503);
        PullReport down = pull.run();
        assertThat(down.status()).isEqualTo(PullReport.Status.ABORTED);
        assertThat(down.abortReason()).endsWith("answered HTTP 503");
        assertThat(f.outboxCount()).isZero();

        export.setStatus(200);
        assertThat(pull.run().counts()).isEqualTo("read 5, new 5, skipped 0, failed 0");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void progressIsReportedEveryNRecordsAndAtTheEnd(StoreEngines engine) {
        f = new PullFixture(engine);
        export.setContent(LegacyRecords.csv(1, 3));
        f.pull("zibo-export", source(), f.outbox()).run(); // 1-3 taken before
        export.setContent(LegacyRecords.csv(1, 10).replace("ZB-2026-00006,", ",")); // 6 has no key
        List<ScheduledPull.Progress> seen = new ArrayList<>();
        ScheduledPull pull = f.pull("zibo-export", source(), f.outbox(), TokenBucket.perSecond(0), 4);
        pull.onProgress(seen::add);

        PullReport r = pull.run();

        assertThat(seen).containsExactly(
                new ScheduledPull.Progress("zibo-export", 4, 1, 3, 0, false),
                new ScheduledPull.Progress("zibo-export", 8, 4, 3, 1, false),
                new ScheduledPull.Progress("zibo-export", 10, 6, 3, 1, true));
        assertThat(r.counts()).isEqualTo("read 10, new 6, skipped 3, failed 1");
        assertThat(pull.lastReport()).contains(r);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void rowsKeyedByTheirHashAreTakenOnceAndAnEditedRowIsNew(StoreEngines engine) {
        f = new PullFixture(engine);
        ScheduledPull pull = f.pull("hashed", source(RecordSource.ROW_HASH), f.outbox());
        assertThat(pull.run().counts()).isEqualTo("read 25, new 25, skipped 0, failed 0");
        assertThat(pull.run().counts()).isEqualTo("read 25, new 0, skipped 25, failed 0");
        assertThat(f.store.records("hashed")).allSatisfy(r -> assertThat(r.recordKey()).hasSize(64));
        export.setContent(LegacyRecords.csv(1, 25).replace("ZB-2026-00025", "ZB-2026-00026"));
        assertThat(pull.run().counts()).isEqualTo("read 25, new 1, skipped 24, failed 0");
    }

    @org.junit.jupiter.api.Test
    void aQuoteLeftOpenCostsOnlyItsOwnRow() {
        f = new PullFixture(StoreEngines.H2);
        String csv = LegacyRecords.header()
                + LegacyRecords.line(LegacyRecords.row(1))
                + "ZB-2026-00002,\"11370800MB285591843370117002011,no closing quote\r\n" // opens a field that ends on a later quote
                + LegacyRecords.line(LegacyRecords.row(3))
                + "ZB-2026-00004\",x\r\n" // ...here, and a delimiter follows
                + LegacyRecords.line(LegacyRecords.row(5));
        export.setContent(csv);
        PullReport r = f.pull("quotes", source(), f.outbox()).run();
        assertThat(r.failures()).extracting(PullReport.Failure::toString).containsExactly(
                "line 3: has 3 fields over 3 lines, the header has 14 (a quote left open?)",
                "line 5: has 2 fields, the header has 14");
        assertThat(f.outboxCaseIds()).containsExactly("ZB-2026-00001", "ZB-2026-00003", "ZB-2026-00005");
        assertThat(r.counts()).isEqualTo("read 5, new 3, skipped 0, failed 2");
    }

    @org.junit.jupiter.api.Test
    void theDemoExportPullsAsTheReadmeSays() throws Exception {
        f = new PullFixture(StoreEngines.H2);
        export.setContent(java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/pulls/demo-export.csv")));
        PullReport r = f.pull("demo", source(), f.outbox()).run();
        assertThat(r.counts()).isEqualTo("read 12, new 10, skipped 0, failed 2");
        assertThat(r.failures()).extracting(PullReport.Failure::toString).containsExactly(
                "line 8: has 2 fields, the header has 14",
                "line 9 (ZB-DEMO-0098): mode must be fully-online, remote-intake or joint-handling, not 'by-fax'");
        assertThat(f.jdbc.queryForList("SELECT DISTINCT to_node FROM test_outbox", String.class)).containsExactly("130000");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void submissionsAreRateLimited(StoreEngines engine) throws Exception {
        f = new PullFixture(engine);
        AtomicLong fakeNanos = new AtomicLong();
        List<Long> sleeps = new ArrayList<>();
        TokenBucket bucket = new TokenBucket(5, 1, fakeNanos::get, n -> {
            sleeps.add(n);
            fakeNanos.addAndGet(n);
        });
        ScheduledPull pull = f.pull("zibo-export", source(), f.outbox(), bucket, 100);

        assertThat(pull.run().submitted()).isEqualTo(25);
        // five a second, one at a time: the first goes at once, each of the other 24 waits 200 ms
        assertThat(bucket.waits()).isEqualTo(24);
        assertThat(sleeps).containsOnly(200_000_000L);
        assertThat(bucket.waitedNanos()).isEqualTo(24 * 200_000_000L);

        // skipped records take no token
        fakeNanos.addAndGet(10_000_000_000L);
        assertThat(pull.run().skipped()).isEqualTo(25);
        assertThat(bucket.waits()).isEqualTo(24);
    }
}
