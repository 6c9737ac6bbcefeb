package cn.tongban.hub.handling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.ServiceMode;
import cn.tongban.hub.cases.TimeLimit;
import cn.tongban.hub.cases.WorkingCalendar;
import cn.tongban.hub.store.StoreEngines;

/**
 * V7__time_limits.sql and the registry's acceptance and decision times, on H2 and PostgreSQL: a case recorded
 * before the migration gets its times from its history; afterwards the first acceptance and the first decision
 * count, and the board lists running cases only.
 */
class TimeLimitStoreTest {
    static final OffsetDateTime T = OffsetDateTime.parse("2026-09-30T16:00:00+08:00");

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void acceptanceAndDecisionTimesAreKeptAndFilledInForOlderCases(StoreEngines engine) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DriverManagerDataSource ds = switch (engine) {
            case H2 -> new DriverManagerDataSource("jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
            case POSTGRESQL -> new DriverManagerDataSource(System.getProperty("tongban.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/tongban_test")
                    + "?currentSchema=" + schema, "tongban", "tongban");
        };
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        try {
            migrate(engine, ds, schema, MigrationVersion.fromVersion("5"));
            // a case of the old schema: received, accepted twice (a repeated status), approved
            jdbc.update("INSERT INTO case_record (case_id, role, service_item_code, service_mode, receiving_region, handling_regions, "
                    + "peer_node, state, promised_working_days, submitted_at, updated_at) VALUES ('OLD-1','HANDLING','X','fully-online',"
                    + "'370300','130900','130000','approved',3,?,?)", T.minusHours(2), T.plusDays(3));
            for (Object[] e : new Object[][] {{"received", T.minusHours(2)}, {"accepted", T}, {"accepted", T.plusHours(1)},
                    {"approved", T.plusDays(3)}}) {
                jdbc.update("INSERT INTO case_event (case_id, role, state, at) VALUES ('OLD-1','HANDLING',?,?)", e[0], e[1]);
            }
            migrate(engine, ds, schema, MigrationVersion.LATEST);

            CaseRegistry registry = new CaseRegistry(jdbc);
            CaseRegistry.CaseRecord old = registry.find("OLD-1", CaseRegistry.Role.HANDLING).orElseThrow();
            assertThat(old.acceptedAt().toInstant()).isEqualTo(T.toInstant());
            assertThat(old.finishedAt().toInstant()).isEqualTo(T.plusDays(3).toInstant());

            registry.open(submission("NEW-1"), CaseRegistry.Role.HANDLING, "130000", null, T.minusHours(1));
            registry.status("NEW-1", CaseRegistry.Role.HANDLING, "more-materials-needed", List.of("a licence"), null, T.minusMinutes(30));
            assertThat(registry.running()).isEmpty(); // not accepted yet: no time limit runs
            registry.status("NEW-1", CaseRegistry.Role.HANDLING, "accepted", List.of(), null, T);
            registry.status("NEW-1", CaseRegistry.Role.HANDLING, "accepted-pending-materials", List.of(), null, T.plusDays(1));
            assertThat(registry.running()).extracting(CaseRegistry.CaseRecord::caseId).containsExactly("NEW-1");
            assertThat(registry.find("NEW-1", CaseRegistry.Role.HANDLING).orElseThrow().acceptedAt().toInstant()).isEqualTo(T.toInstant());

            TimeLimit.Rules rules = new TimeLimit.Rules(WorkingCalendar.weekdaysOnly(), ZoneId.of("Asia/Shanghai"), 1);
            TimeLimitBoard board = new TimeLimitBoard(registry, rules, Clock.fixed(Instant.parse("2026-10-06T02:00:00Z"), ZoneOffset.UTC));
            // accepted Wednesday 09-30, 3 working days without holidays: due Monday 10-05; on Tuesday 10-06 it is over by 1
            assertThat(board.running()).singleElement().satisfies(e -> {
                assertThat(e.limit().due()).hasToString("2026-10-05");
                assertThat(e.limit().state()).isEqualTo(TimeLimit.State.OVERDUE);
                assertThat(e.limit().workingDaysLeft()).isEqualTo(-1);
            });
            assertThat(board.counts()).isEqualTo(new TimeLimitBoard.Counts(1, 0));

            registry.status("NEW-1", CaseRegistry.Role.HANDLING, "rejected", List.of("no"), null, T.plusDays(2));
            registry.status("NEW-1", CaseRegistry.Role.HANDLING, "delivered", List.of(), null, T.plusDays(9));
            CaseRegistry.CaseRecord done = registry.find("NEW-1", CaseRegistry.Role.HANDLING).orElseThrow();
            assertThat(done.finishedAt().toInstant()).isEqualTo(T.plusDays(2).toInstant()); // the decision, not the delivery
            assertThat(board.of(done).orElseThrow().state()).isEqualTo(TimeLimit.State.FINISHED_ON_TIME);
            assertThat(board.running()).isEmpty();
        } finally {
            if (engine == StoreEngines.POSTGRESQL) {
                StoreEngines.dropPostgresSchema(schema);
            } else {
                jdbc.execute("SHUTDOWN");
            }
        }
    }

    private static void migrate(StoreEngines engine, DriverManagerDataSource ds, String schema, MigrationVersion target) {
        var flyway = Flyway.configure().dataSource(ds).target(target);
        if (engine == StoreEngines.POSTGRESQL) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
    }

    private static CaseSubmission submission(String caseId) {
        return new CaseSubmission(caseId, "11370800MB285591843370117002011", "营业执照变更登记", ServiceMode.FULLY_ONLINE, null,
                "370300", List.of("130900"), "11370800MB28559184", DeliveryMethod.ONLINE, List.of(), 3, T.minusHours(1));
    }
}
