package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.store.StoreEngines;

/**
 * Table pulls from a legacy table in a test database of the same engine as the hub's store (H2, PostgreSQL):
 * keyset pages, resumption after the checkpoint, malformed rows.
 */
class JdbcPullTest {
    PullFixture f;
    JdbcTemplate legacy;

    @AfterEach
    void stop() {
        if (legacy != null) {
            f.engine.drop(legacy);
        }
        if (f != null) {
            f.close();
        }
    }

    private void setUp(StoreEngines engine, int rows) {
        f = new PullFixture(engine);
        legacy = engine.fresh(); // a database of its own, standing for the legacy system's
        LegacyRecords.createTable(legacy);
        for (int i = 1; i <= rows; i++) {
            LegacyRecords.insert(legacy, i);
        }
    }

    private JdbcTableSource table(String keyColumn, int pageSize) {
        return new JdbcTableSource(legacy.getDataSource(), "legacy_case", null, keyColumn, pageSize);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void pullsTheTableInPagesAndAReRunStartsAfterTheCheckpoint(StoreEngines engine) throws Exception {
        setUp(engine, 23);
        ScheduledPull pull = f.pull("weifang-db", table("case_id", 5), f.outbox());

        assertThat(pull.run().counts()).isEqualTo("read 23, new 23, skipped 0, failed 0");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 23));
        assertThat(f.store.checkpoint("weifang-db")).contains(LegacyRecords.caseId(23));
        JsonNode c = ExchangeCaseSink.JSON.readTree(f.jdbc.queryForObject(
                "SELECT body FROM test_outbox WHERE case_id = ?", String.class, LegacyRecords.caseId(4)));
        assertThat(c.get("submittedAt").asText()).isEqualTo("2026-03-02T09:00:00+08:00"); // from TIMESTAMP WITH TIME ZONE
        assertThat(c.get("materials").get(0).get("holderCode").asText()).isEqualTo(LegacyRecords.idNumber(4));

        assertThat(pull.run().counts()).isEqualTo("read 0, new 0, skipped 0, failed 0");

        for (int i = 24; i <= 26; i++) {
            LegacyRecords.insert(legacy, i);
        }
        assertThat(pull.run().counts()).isEqualTo("read 3, new 3, skipped 0, failed 0");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 26));

        // without its checkpoint (an operator's reset) the pull reads everything again and sends nothing twice
        f.jdbc.update("DELETE FROM pull_checkpoint");
        assertThat(pull.run().counts()).isEqualTo("read 26, new 0, skipped 26, failed 0");
        assertThat(f.store.checkpoint("weifang-db")).contains(LegacyRecords.caseId(26));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aCrashMidPullResumesAfterTheLastCommittedRecord(StoreEngines engine) {
        setUp(engine, 23);
        PullFixture.OutboxSink crashing = f.outbox();
        crashing.crashOnCall = 8;
        crashing.crashAfterWriting = true;

        PullReport broken = f.pull("weifang-db", table("case_id", 5), crashing).run();

        assertThat(broken.status()).isEqualTo(PullReport.Status.ABORTED);
        assertThat(broken.counts()).isEqualTo("read 8, new 7, skipped 0, failed 0");
        assertThat(f.store.checkpoint("weifang-db")).contains(LegacyRecords.caseId(7));

        PullReport resumed = f.pull("weifang-db", table("case_id", 5), f.outbox()).run();

        // read from the 8th on: nothing before the checkpoint is read again
        assertThat(resumed.counts()).isEqualTo("read 16, new 16, skipped 0, failed 0");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 23));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aMalformedRowIsReportedAndHoldsTheCheckpointUntilCorrected(StoreEngines engine) {
        setUp(engine, 10);
        legacy.update("UPDATE legacy_case SET mode = 'by-fax' WHERE seq = 5");
        legacy.update("UPDATE legacy_case SET receiving_region = '3703' WHERE seq = 8");
        ScheduledPull pull = f.pull("weifang-db", table("case_id", 4), f.outbox());

        PullReport r = pull.run();

        assertThat(r.counts()).isEqualTo("read 10, new 8, skipped 0, failed 2");
        assertThat(r.failures()).extracting(PullReport.Failure::key).containsExactly(LegacyRecords.caseId(5), LegacyRecords.caseId(8));
        assertThat(r.failures()).extracting(PullReport.Failure::line).containsExactly(5L, 8L);
        assertThat(r.failures().get(1).reason()).isEqualTo("receiving_region must be GB/T 2260 codes of 6 digits, not '3703'");
        assertThat(f.store.checkpoint("weifang-db")).contains(LegacyRecords.caseId(4));

        assertThat(pull.run().counts()).isEqualTo("read 6, new 0, skipped 4, failed 2");

        legacy.update("UPDATE legacy_case SET mode = 'remote-intake' WHERE seq = 5");
        legacy.update("UPDATE legacy_case SET receiving_region = '370300' WHERE seq = 8");
        assertThat(pull.run().counts()).isEqualTo("read 6, new 2, skipped 4, failed 0");
        assertThat(f.store.checkpoint("weifang-db")).contains(LegacyRecords.caseId(10));
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 10));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aQueryKeyedByANumberIsPagedInNumericOrder(StoreEngines engine) {
        setUp(engine, 12);
        String url = ((DriverManagerDataSource) legacy.getDataSource()).getUrl();
        PullProperties.Pull def = new PullProperties.Pull();
        def.setName("weifang-query");
        def.setKind(PullKind.JDBC);
        def.setCron("0 0/5 * * * ?");
        def.setJdbcUrl(url);
        def.setUsername(engine == StoreEngines.H2 ? "sa" : "tongban");
        def.setPassword(engine == StoreEngines.H2 ? "" : "tongban");
        def.setQuery("SELECT * FROM legacy_case WHERE operator <> 'retired'");
        def.setKeyColumn("seq");
        def.setPageSize(5);
        def.setMaxRecordsPerSecond(0);
        assertThat(def.problems()).isEmpty();
        PullFixture.OutboxSink crashing = f.outbox();
        crashing.crashOnCall = 10; // past "9", where text order would put "10", "11", "12" before "2"

        PullReport broken = ScheduledPull.of(def, f.mapper, crashing, f.store, f.transactions, PullFixture.CLOCK, 100).run();

        assertThat(broken.counts()).isEqualTo("read 10, new 9, skipped 0, failed 0");
        assertThat(f.store.checkpoint("weifang-query")).contains("9");
        assertThat(f.store.records("weifang-query")).extracting(PullStore.PulledRecord::caseId)
                .containsExactlyInAnyOrderElementsOf(LegacyRecords.caseIds(1, 9));

        PullReport resumed = ScheduledPull.of(def, f.mapper, f.outbox(), f.store, f.transactions, PullFixture.CLOCK, 100).run();

        assertThat(resumed.counts()).isEqualTo("read 3, new 3, skipped 0, failed 0");
        assertThat(f.store.checkpoint("weifang-query")).contains("12");
        assertThat(f.outboxCaseIds()).containsExactlyElementsOf(LegacyRecords.caseIds(1, 12));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void organisationsAndJointHandlingMapFromTheTable(StoreEngines engine) throws Exception {
        setUp(engine, 0);
        Map<String, String> org = LegacyRecords.row(1);
        org.put("applicant_type", "organisation");
        org.put("applicant_name", "淄博某某科技有限公司");
        org.put("applicant_id", "91350200776049653A");
        org.put("mode", "多地联办");
        org.put("handling_regions", "370700;130900");
        org.put("delivery", "online");
        LegacyRecords.insert(legacy, 1, org);

        assertThat(f.pull("weifang-db", table("case_id", 5), f.outbox()).run().submitted()).isEqualTo(1);

        assertThat(f.jdbc.queryForObject("SELECT to_node FROM test_outbox", String.class)).isEqualTo("370000");
        JsonNode c = ExchangeCaseSink.JSON.readTree(f.jdbc.queryForObject("SELECT body FROM test_outbox", String.class));
        assertThat(c.get("mode").asText()).isEqualTo("joint-handling");
        assertThat(c.get("applicant").get("type").asText()).isEqualTo("organisation");
        assertThat(c.get("applicant").get("creditCode").asText()).isEqualTo("91350200776049653A");
        assertThat(c.get("handlingRegions")).hasSize(2);
        assertThat(c.get("delivery").asText()).isEqualTo("online");
    }
}
