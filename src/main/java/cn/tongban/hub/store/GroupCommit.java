package cn.tongban.hub.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the exchange's own writes: callers on many threads (the receiver's HTTP workers storing what
 * they accept, the submitters, the delivery consumers) hand their write to one writer thread, which runs whatever
 * has gathered in one transaction and answers each caller once that transaction is committed. A caller still
 * returns only after its own write is durable (a receipt still follows the stored message, TEP-1 §4 step 12), but
 * the store commits once per group instead of once per message: H2 writes a chunk and searches its file for space
 * at every commit (with {@code WRITE_DELAY=0}), PostgreSQL flushes its WAL — the profile of {@code bench exchange}
 * put 59 % of the hubs' Java samples in H2 with one commit per write (docs/benchmarks.md).
 *
 * <p>A group fails as a whole when one write in it fails (a duplicate key, a lost race): it is rolled back and every
 * write in it is run again in a transaction of its own, so each caller gets its own result or its own exception,
 * exactly as without grouping. A write must therefore be SQL only, with no effect outside the store, and must not
 * catch the store's exceptions itself (in PostgreSQL a failed statement spoils the rest of the transaction).
 *
 * <p>The transaction has Spring's transaction synchronization on: a write may register work to run before the commit
 * (the audit trail appends its entries for the group's writes there, in the same commit: {@code
 * cn.tongban.hub.audit.StoredAuditTrail#appendInCommit}). It fails the group like a failing write.
 *
 * <p>A write asked for inside a transaction the caller holds on the same data source joins that transaction and
 * runs at once (it must commit or roll back with the caller's other work). With groups of one ({@link #direct}, or
 * {@code maxGroup} 1) there is no writer thread: every write commits alone in its caller's thread, as do writes
 * after {@link #close}.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** One write: statements on {@code jdbc}, inside the group's transaction. */
    @FunctionalInterface
    public interface Write<T> {
        T run(JdbcTemplate jdbc);
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> done) {
    }

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final int maxGroup;
    /** How long the writer waits for more writes to join a group, when writes come this close together; 0: never. */
    private final long windowNanos;
    /** The time between the last two writes asked for (racy by design: a hint whether company is coming). */
    private volatile long gapNanos = Long.MAX_VALUE;
    private volatile long lastAsked = System.nanoTime();
    private final LongAdder waits = new LongAdder();
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final LongAdder commits = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private volatile boolean closed;

    /** Every write committed alone, in its caller's thread: the stores' default outside a hub (tests, tools). */
    public static GroupCommit direct(JdbcTemplate jdbc) {
        return new GroupCommit(jdbc, 1);
    }

    /** @param maxGroup most writes in one transaction (1: no grouping and no writer thread, every write commits alone) */
    public GroupCommit(JdbcTemplate jdbc, int maxGroup) {
        this(jdbc, maxGroup, Duration.ZERO);
    }

    /**
     * @param maxGroup most writes in one transaction (1: no grouping and no writer thread, every write commits alone)
     * @param window   how long the writer, having found fewer than {@code maxGroup} writes waiting, waits for more
     *                 before it commits — only when the last two writes were asked for less than {@code window}
     *                 apart, so that a write alone is not kept waiting for company that will not come (PostgreSQL's
     *                 {@code commit_delay} with {@code commit_siblings}, for the same reason: a commit's cost in H2 is
     *                 mostly fixed, the chunk of changed pages written and the file searched for room)
     */
    public GroupCommit(JdbcTemplate jdbc, int maxGroup, Duration window) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("a group holds at least one write");
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("a group commit window is not negative");
        }
        this.windowNanos = window.toNanos();
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
        // Synchronization on, so that a write can add statements that run once before the group commits (the audit
        // trail's entries for the writes, head of its chain locked last). Nothing but the writes runs inside the
        // transaction (they are SQL only), so no JMS session can join it, which InboundStore's hand-over must avoid.
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.maxGroup = maxGroup;
        if (maxGroup == 1) {
            this.writer = null;
        } else {
            this.writer = new Thread(this::writeGroups, "store-group-commit");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * Whether the calling thread holds a transaction on this store's data source: its writes join it, and nothing
     * it wrote is visible to another thread before it commits.
     */
    public boolean insideTransaction() {
        return TransactionSynchronizationManager.getResource(dataSource) != null;
    }

    /** Runs {@code write} and returns once it is committed (or joined the caller's transaction); its exception if it failed. */
    public <T> T execute(Write<T> write) {
        if (insideTransaction()) {
            return tx.execute(s -> write.run(jdbc)); // joins the caller's transaction
        }
        if (writer == null || closed) {
            T result = tx.execute(s -> write.run(jdbc));
            count(1);
            return result;
        }
        Pending<T> p = new Pending<>(write, new CompletableFuture<>());
        long now = System.nanoTime();
        gapNanos = now - lastAsked;
        lastAsked = now;
        queue.add(p);
        if (closed && queue.remove(p)) { // closed meanwhile: the writer may have stopped before it saw this write
            return tx.execute(s -> write.run(jdbc));
        }
        try {
            return p.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Writes waiting for the writer now (not counting the group it is committing). */
    public int waiting() {
        return queue.size();
    }

    /** Commits made and writes committed so far: their ratio is the mean group size. */
    public long commits() {
        return commits.sum();
    }

    public long writes() {
        return writes.sum();
    }

    /** How many times the writer waited for more writes to join a group (see the window). */
    public long waits() {
        return waits.sum();
    }

    private void writeGroups() {
        List<Pending<?>> group = new ArrayList<>(maxGroup);
        while (!closed) {
            Pending<?> first;
            try {
                // never interrupted: an interrupt inside H2's file I/O closes its file channel
                first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            group.add(first);
            queue.drainTo(group, maxGroup - 1);
            if (group.size() < maxGroup && gapNanos < windowNanos) {
                gather(group);
            }
            commitGroup(group);
            group.clear();
        }
        // closing: what is still queued is written here, each alone
        for (Pending<?> p; (p = queue.poll()) != null; ) {
            commitAlone(p);
        }
    }

    /** Waits up to the window for more writes to join {@code group}, until it is full. */
    private void gather(List<Pending<?>> group) {
        waits.increment();
        long deadline = System.nanoTime() + windowNanos;
        while (group.size() < maxGroup) {
            long left = deadline - System.nanoTime();
            Pending<?> next;
            try {
                next = left <= 0 ? null : queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // never interrupted (see writeGroups); commit what there is
            }
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, maxGroup - group.size());
        }
    }

    private void commitGroup(List<Pending<?>> group) {
        if (group.size() == 1) {
            commitAlone(group.get(0));
            return;
        }
        List<Object> results = new ArrayList<>(group.size());
        try {
            tx.executeWithoutResult(s -> {
                for (Pending<?> p : group) {
                    results.add(p.write().run(jdbc));
                }
            });
        } catch (RuntimeException | Error e) {
            LOG.debug("a group of {} writes failed ({}); each again alone", group.size(), e.toString());
            for (Pending<?> p : group) {
                commitAlone(p);
            }
            return;
        }
        count(group.size());
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i));
        }
    }

    /** {@code p} in a transaction of its own, counted before its caller is answered. */
    private <T> void commitAlone(Pending<T> p) {
        T result;
        try {
            result = tx.execute(s -> p.write().run(jdbc));
        } catch (RuntimeException | Error e) {
            count(1);
            p.done().completeExceptionally(e);
            return;
        }
        count(1);
        p.done().complete(result);
    }

    private void count(int n) {
        commits.increment();
        writes.add(n);
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> p, Object result) {
        p.done().complete((T) result);
    }

    /** Writes what is queued, then stops the writer; later writes run in their callers' threads. */
    @Override
    public void close() {
        closed = true;
        if (writer == null) {
            return;
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
