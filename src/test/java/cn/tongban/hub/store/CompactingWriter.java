package cn.tongban.hub.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Random;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A process for {@link EmbeddedStoreCompactionTest} to kill: it stores messages in an embedded store at {@code
 * args[0]}, one commit each, printing {@code acked <id>} once each commit has returned (then marks it handed over
 * in another commit, as the hub does), while another thread compacts without pause, printing {@code compacted}
 * after each pass that rewrote chunks. Runs until killed.
 */
public final class CompactingWriter {
    private CompactingWriter() {
    }

    /** The hub's own URL settings (application.yaml). */
    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
    }

    /** The plaintext stored for message {@code id}: derived from the id, so a reader can check it without a list. */
    static byte[] plaintextOf(String id) {
        byte[] b = new byte[1024];
        new Random(id.hashCode()).nextBytes(b);
        byte[] name = id.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, b, 0, name.length);
        return b;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        // RETENTION_TIME=0: H2 rewrites only chunks older than its retention time (45 s by default, what the hub
        // keeps); without a retention time it rewrites from the first seconds on, so that the kills land among rewrites
        DriverManagerDataSource ds = new DriverManagerDataSource(url(dir) + ";RETENTION_TIME=0", "sa", "");
        Flyway.configure().dataSource(ds).load().migrate();
        InboundStore store = new InboundStore(new JdbcTemplate(ds));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        try (var keepOpen = ds.getConnection()) {
            EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(ds, 2L << 20);
            Thread compacting = new Thread(() -> {
                while (true) {
                    try {
                        if (compaction.compact().rewrote()) {
                            out.println("compacted");
                        } else {
                            Thread.sleep(1);
                        }
                    } catch (Exception e) {
                        out.println("compaction failed " + e);
                    }
                }
            }, "compacting");
            compacting.setDaemon(true);
            compacting.start();
            byte[] raw = new byte[1900];
            byte[] receipt = new byte[700];
            for (int i = 0; ; i++) {
                String id = prefix + i;
                OffsetDateTime now = OffsetDateTime.now();
                store.insert(new InboundRecord("370000", id, "case.submit", "CASE-1", null, null, null, "application/json",
                        now, now.plusDays(1), raw, plaintextOf(id), receipt, now, null));
                out.println("acked " + id);
                store.markHandedOver("370000", id, now); // the second commit the hub makes for a message it receives
            }
        }
    }
}
