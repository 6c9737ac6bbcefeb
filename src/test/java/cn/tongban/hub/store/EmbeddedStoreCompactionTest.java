package cn.tongban.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The embedded store's file, written as the hub writes it (the hub's URL settings, its migrations, a commit per
 * message stored and another for its hand-over mark): without compaction it grows to several times the data; with
 * the hub's compaction between the writes it stays near the data's size, and every row reads back exactly as
 * written. A process killed (SIGKILL) while it writes and compacts without pause loses no message whose commit had
 * returned.
 */
class EmbeddedStoreCompactionTest {
    private static final int MESSAGES = 1500;

    @TempDir
    Path dir;

    @Test
    void compactionBetweenWritesKeepsTheFileNearItsDataAndEveryRowAsWritten() throws Exception {
        Written without = write(dir.resolve("without"), false);
        Written with = write(dir.resolve("with"), true);
        assertThat(without.fileBytes()).as("without compaction, against %d bytes of message data", without.dataBytes())
                .isGreaterThan(4 * without.dataBytes());
        assertThat(with.fileBytes()).as("with compaction every 50 messages (without: %d bytes)", without.fileBytes())
                .isLessThan(without.fileBytes() / 2).isLessThan(3 * with.dataBytes());
        assertThat(with.rewrites()).as("compactions that rewrote chunks").isPositive();
    }

    private record Written(long fileBytes, long dataBytes, int rewrites) {
    }

    /**
     * Stores {@link #MESSAGES} messages as the hub does, compacting every 50 if asked, and checks every row after.
     * The URL is the hub's with {@code RETENTION_TIME=0}: H2 reuses a dead chunk's space only once its retention
     * time (45 s by default, what the hub keeps) has passed, longer than this test runs.
     */
    private static Written write(Path at, boolean compact) throws Exception {
        DriverManagerDataSource ds = new DriverManagerDataSource(CompactingWriter.url(at) + ";RETENTION_TIME=0", "sa", "");
        Flyway.configure().dataSource(ds).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(ds, 2L << 20);
        int rewrites = 0;
        // one connection open throughout, so that the database is not closed (and compacted by H2 at close)
        // between the template's connections
        try (var keepOpen = ds.getConnection()) {
            InboundStore store = new InboundStore(jdbc);
            Random random = new Random(7);
            List<InboundRecord> written = new ArrayList<>();
            long dataBytes = 0;
            for (int i = 0; i < MESSAGES; i++) {
                InboundRecord r = record("m" + i, random);
                store.insert(r);
                store.markHandedOver(r.fromNode(), r.messageId(), OffsetDateTime.now());
                written.add(r);
                dataBytes += r.raw().length + r.plaintext().length + r.receipt().length;
                if (compact && i % 50 == 49) {
                    EmbeddedStoreCompaction.Result result = compaction.compact();
                    assertThat(compaction.last()).isEqualTo(result);
                    rewrites += result.rewrote() ? 1 : 0;
                }
            }
            long fileBytes = Files.size(at.resolve("store.mv.db"));
            for (InboundRecord w : written) {
                InboundRecord read = store.find(w.fromNode(), w.messageId()).orElseThrow();
                assertThat(read.raw()).isEqualTo(w.raw());
                assertThat(read.plaintext()).isEqualTo(w.plaintext());
                assertThat(read.receipt()).isEqualTo(w.receipt());
                assertThat(read.handedOverAt()).isNotNull();
            }
            return new Written(fileBytes, dataBytes, rewrites);
        } finally {
            jdbc.execute("SHUTDOWN");
        }
    }

    @Test
    void aProcessKilledWhileItCompactsLosesNoCommittedMessage() throws Exception {
        Path store = dir.resolve("killed");
        java.util.Set<String> acked = new java.util.LinkedHashSet<>();
        int compactionsAtKill = 0;
        for (int round = 0; round < 3; round++) {
            // the same JVM and class path as this test: CompactingWriter writes and compacts until killed; its
            // output goes to a file, which holds every line it printed even after the kill
            Path out = dir.resolve("writer-" + round + ".out");
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), CompactingWriter.class.getName(), store.toString(), "r" + round + "-")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int[] seen = {0, 0}; // acknowledged, compactions that rewrote chunks
            try {
                // kill once the writer has rewritten chunks with messages acknowledged around it, or after 20 s
                while ((seen[0] < 200 || seen[1] < 1) && System.nanoTime() < until && p.isAlive()) {
                    Thread.sleep(50);
                    seen = count(out, null);
                }
            } finally {
                p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no H2 close
                p.waitFor();
            }
            seen = count(out, acked);
            assertThat(seen[0]).as("round %d: messages acknowledged before the kill (%s)", round, out).isGreaterThanOrEqualTo(200);
            compactionsAtKill += seen[1];
        }
        assertThat(compactionsAtKill).as("compactions that rewrote chunks while the writer ran").isGreaterThanOrEqualTo(3);
        // one connection for all the reads: each of DriverManagerDataSource's would open and close the database
        var ds = new org.springframework.jdbc.datasource.SingleConnectionDataSource(CompactingWriter.url(store), "sa", "", true);
        InboundStore reopened = new InboundStore(new JdbcTemplate(ds));
        java.util.List<String> missing = new ArrayList<>();
        for (String id : acked) {
            java.util.Optional<InboundRecord> r = reopened.find("370000", id);
            if (r.isEmpty() || !java.util.Arrays.equals(r.get().plaintext(), CompactingWriter.plaintextOf(id))) {
                missing.add(id);
            }
        }
        assertThat(missing).as("acknowledged messages missing or changed after 3 kills during %d compactions", compactionsAtKill).isEmpty();
        new JdbcTemplate(ds).execute("SHUTDOWN");
        ds.destroy();
    }

    /** Acknowledged messages (added to {@code acked} if given) and compactions in the writer's output so far. */
    private static int[] count(Path out, java.util.Set<String> acked) throws java.io.IOException {
        int[] n = {0, 0};
        for (String line : Files.readAllLines(out, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("acked ")) {
                n[0]++;
                if (acked != null) {
                    acked.add(line.substring(6));
                }
            } else if (line.equals("compacted")) {
                n[1]++;
            } else if (line.startsWith("compaction failed")) {
                throw new AssertionError("writer: " + line);
            }
        }
        return n;
    }

    @Test
    void onlyAnH2FileStoreIsCompacted() {
        assertThat(EmbeddedStoreCompaction.appliesTo("jdbc:h2:file:./data/store;WRITE_DELAY=0")).isTrue();
        assertThat(EmbeddedStoreCompaction.appliesTo("jdbc:h2:mem:x")).isFalse();
        assertThat(EmbeddedStoreCompaction.appliesTo("jdbc:postgresql://127.0.0.1:5432/tongban")).isFalse();
        assertThat(EmbeddedStoreCompaction.appliesTo(null)).isFalse();
    }

    /** Sizes as in the exchange benchmark's 1 KiB messages: the sealed message, the plaintext, the receipt. */
    private static InboundRecord record(String id, Random random) {
        byte[] raw = new byte[1900];
        byte[] plaintext = new byte[1024];
        byte[] receipt = new byte[700];
        random.nextBytes(raw);
        random.nextBytes(plaintext);
        random.nextBytes(receipt);
        OffsetDateTime now = OffsetDateTime.now();
        return new InboundRecord("370000", id, "case.submit", "CASE-1", null, null, null, "application/json", now,
                now.plusDays(1), raw, plaintext, receipt, now, null);
    }
}
