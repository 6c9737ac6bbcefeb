package cn.tongban.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file store from growing to several times its data while the hub runs.
 *
 * <p>Why: the embedded store writes every commit to its file at once ({@code WRITE_DELAY=0}, so that a message is
 * in the file before its receipt goes out). H2 then writes one small chunk per commit (the changed pages and their
 * parents, some 50 KB) and runs none of its own housekeeping, because its background thread only runs with a write
 * delay. Chunks that keep a few live pages are never rewritten, so their space is never reused: measured with the
 * exchange's rows (3.6 KB each, one commit each), the file grew by about 30 KB per row, eight times the data,
 * without bound.
 *
 * <p>Every {@code interval} this does what H2's housekeeping would ({@link MVStore#compact(int, int)}): it rewrites
 * the live pages of chunks under {@value #TARGET_FILL_PERCENT} % full, at most {@code writeBudget} bytes of them, so
 * that those chunks die and their space is reused once H2's retention time has passed. Nothing about durability
 * changes: no chunk is overwritten sooner than H2 would overwrite it, and commits wait only while one budget's pages
 * are written (a few ms). Measured the same way, the file then grew by about 6 KB per row (the data and its indexes)
 * beyond the retention time's worth of recent chunks. H2's {@code compactFile}, which also moves chunks together and
 * shrinks the file, was tried first: it syncs the file and rewrites without a bound, and held commits for 60-460 ms
 * (the exchange benchmark's p99 went from 57 to 173 ms), so it is left to H2's close. PostgreSQL and in-memory H2
 * need none of this: {@link #appliesTo(String)}.
 */
public final class EmbeddedStoreCompaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);

    /** Chunks fuller than this (percent of their pages live) are left as they are. */
    public static final int TARGET_FILL_PERCENT = 60;

    /** Whether one compaction rewrote any chunks, and the file's size after it. */
    public record Result(boolean rewrote, long fileBytes) {
    }

    private final DataSource dataSource;
    private final int writeBudget;
    private final AtomicReference<Result> last = new AtomicReference<>();
    private ScheduledExecutorService timer;

    /** @param writeBudget the most bytes of live pages one compaction rewrites */
    public EmbeddedStoreCompaction(DataSource dataSource, long writeBudget) {
        if (writeBudget <= 0) {
            throw new IllegalArgumentException("the compaction's write budget must be positive");
        }
        this.dataSource = dataSource;
        this.writeBudget = (int) Math.min(Integer.MAX_VALUE, writeBudget);
    }

    /** True for an H2 database in a file (the embedded default); false for PostgreSQL and in-memory H2. */
    public static boolean appliesTo(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:file:");
    }

    /** Compacts every {@code interval} on a thread of its own, the first time one interval from now. */
    public synchronized EmbeddedStoreCompaction start(Duration interval) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "store-compaction");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(1, interval.toMillis());
            timer.scheduleWithFixedDelay(this::compactLogged, ms, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One compaction of at most the write budget. */
    public Result compact() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = mvStoreOf(c);
            // compact() itself reads the chunks' fill rate first and returns at once when they are full enough; the
            // rate is a pass over every chunk, so it is not read again here (only for the debug log)
            Result r = new Result(store.compact(TARGET_FILL_PERCENT, writeBudget), store.getFileStore().size());
            last.set(r);
            if (LOG.isDebugEnabled()) {
                LOG.debug("store compaction: rewrote {}, chunks {}% full, file {} bytes", r.rewrote(),
                        store.getFileStore().getChunksFillRate(), r.fileBytes());
            }
            return r;
        }
    }

    /** The last compaction's result, null before the first. */
    public Result last() {
        return last.get();
    }

    private void compactLogged() {
        try {
            compact();
        } catch (SQLException | RuntimeException e) {
            // the next interval tries again; the store itself is unaffected by a compaction that failed
            LOG.warn("store compaction failed: {}", e.toString());
        }
    }

    private static MVStore mvStoreOf(Connection c) throws SQLException {
        Session session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            throw new SQLException("not an embedded H2 database: " + session.getClass().getName());
        }
        return local.getDatabase().getStore().getMvStore();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
