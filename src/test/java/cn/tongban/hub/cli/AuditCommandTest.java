package cn.tongban.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.zaxxer.hikari.HikariDataSource;

import cn.tongban.hub.audit.AuditEvent;
import cn.tongban.hub.audit.StoredAuditTrail;
import cn.tongban.hub.cli.CommandLineTest.Run;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;

/**
 * {@code audit verify} on a hub's embedded H2 store (as {@code --data-dir} finds it) and through {@code --jdbc-url}:
 * what it prints and its exit codes (0 intact, 1 a finding, 2 no store or no certificate).
 */
class AuditCommandTest {
    static final Instant T0 = Instant.now();
    static final CertificateAuthority ROOT = CertificateAuthority.newRoot("audit cli root", T0.minusSeconds(86400), T0.plusSeconds(86400 * 365L));
    static final Credential NODE = ROOT.issueNode("370000", T0.minusSeconds(3600), T0.plusSeconds(86400 * 30L));

    @TempDir
    Path dir;

    /**
     * A store as the hub leaves it under its data dir ({@code DIR/store.mv.db}, migrated, 30 entries), written through
     * a connection pool as the hub writes it, and closed (H2 lets one process open the file).
     */
    static void hubStore(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.resolve("store").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setUsername("sa");
            pool.setPassword("");
            Flyway.configure().dataSource(pool).load().migrate();
            try (StoredAuditTrail t = new StoredAuditTrail(new JdbcTemplate(pool), Clock.systemUTC(), NODE.sm2Key(), NODE.certificate(),
                    new StoredAuditTrail.Settings(10, Duration.ofHours(1), Duration.ofSeconds(30), 100))) {
                for (int i = 1; i <= 30; i++) {
                    t.append(AuditEvent.sent("370000", "m-" + i, "130000", "test.ping", "c-" + i));
                }
            }
        }
    }

    /** Raw SQL on the closed store, as someone with the file would. */
    static void tamper(Path dataDir, String... sql) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource("jdbc:h2:file:" + dataDir.resolve("store").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE", "sa", "", true));
        for (String s : sql) {
            jdbc.execute(s);
        }
        jdbc.execute("SHUTDOWN");
    }

    Path cert() throws Exception {
        Path p = dir.resolve("370000.chain.pem");
        java.nio.file.Files.writeString(p, Pem.toPem(NODE.certificate()));
        return p;
    }

    @Test
    void anIntactTrailExitsZeroAndAnEditedEntryOneNamingItsSeq() throws Exception {
        Path data = dir.resolve("data");
        hubStore(data);
        Path cert = cert();
        Run ok = CommandLineTest.run("audit", "verify", "--data-dir", data, "--cert", cert);
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.lines()).containsExactly("audit trail: 30 entries, the last seq 30; 3 checkpoints, the last at seq 30", "intact");

        tamper(data, "UPDATE audit_entry SET detail = 'to=999999' WHERE seq = 17", "DELETE FROM audit_entry WHERE seq = 4");
        Run bad = CommandLineTest.run("audit", "verify", "--data-dir", data, "--cert", cert);
        assertThat(bad.code()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.lines()).containsExactly("audit trail: 29 entries, the last seq 30; 3 checkpoints, the last at seq 30",
                "DELETED seq 4: deleted — the trail jumps from seq 3 to seq 5, whose prev_hash points to a missing entry",
                "EDITED seq 17: edited — its content does not match its entry_hash",
                "2 findings");
    }

    @Test
    void theSameThroughAJdbcUrl() throws Exception {
        Path data = dir.resolve("data");
        hubStore(data);
        Run ok = CommandLineTest.run("audit", "verify", "--jdbc-url", "jdbc:h2:file:" + data.resolve("store").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE", "--user", "sa", "--cert", cert());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).endsWith("intact\n");
    }

    @Test
    void noStoreNoTrailOrNoCertificateIsUnusable() throws Exception {
        Run none = CommandLineTest.run("audit", "verify", "--data-dir", dir.resolve("nothing"), "--cert", cert());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no hub store in");

        // a store without the audit tables (not migrated this far)
        Path bare = dir.resolve("bare");
        new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:file:" + bare.resolve("store").toAbsolutePath(), "sa", ""))
                .execute("SHUTDOWN");
        Run noTrail = CommandLineTest.run("audit", "verify", "--data-dir", bare, "--cert", cert());
        assertThat(noTrail.code()).as(noTrail.toString()).isEqualTo(2);
        assertThat(noTrail.err()).contains("cannot read the audit trail");

        Run noCert = CommandLineTest.run("audit", "verify", "--data-dir", dir);
        assertThat(noCert.code()).isEqualTo(2);
        assertThat(noCert.err()).contains("--cert");
    }
}
