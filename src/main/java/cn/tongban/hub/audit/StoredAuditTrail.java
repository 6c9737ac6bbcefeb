package cn.tongban.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.tongban.hub.crypto.Sm3;

/**
 * The audit trail in the store, written by group commit: {@link #append} queues the event and waits until one
 * writer thread has committed it, together with whatever else was queued meanwhile, in one transaction that
 * locks the chain's head row ({@code SELECT ... FOR UPDATE}), inserts the entries chained to the head, signs a
 * checkpoint when one is due, and moves the head. The lock makes appends of several threads and of several hub
 * instances sharing one database one chain; the batch makes an append cost a share of one commit, not a commit
 * of its own. An append returns only once its entry is committed, so an entry the caller saw recorded is never
 * lost; while the store fails, the writer retries and the caller waits at most {@code appendTimeout}, after
 * which its entry stays queued (lost only if the process then dies with the store still down).
 *
 * <p>The exchange's own records (a message accepted, sent, delivered, retried, dead) do not go through the writer:
 * {@link #appendInCommit} chains them in the store transaction of the write they record, so that the message and
 * its entry commit together (neither without the other) and the entry costs no commit of its own — the writer's
 * commits were a tenth of the hubs' CPU in {@code bench exchange} (docs/benchmarks.md).
 */
public final class StoredAuditTrail implements AuditTrail, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoredAuditTrail.class);
    private static final String HEAD = "SELECT last_seq, last_hash, checkpoint_seq, checkpoint_at FROM audit_head WHERE id = 1 FOR UPDATE";

    /**
     * @param checkpointEvery    a checkpoint once this many entries follow the last one
     * @param checkpointInterval and once this long has passed since it, when any entry follows it
     * @param appendTimeout      longest an append waits for its commit while the store fails
     * @param maxBatch           most entries in one commit
     */
    public record Settings(int checkpointEvery, Duration checkpointInterval, Duration appendTimeout, int maxBatch) {
        public Settings {
            if (checkpointEvery < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("checkpoint-every and max-batch must be at least 1");
            }
        }

        public static Settings defaults() {
            return new Settings(1000, Duration.ofMinutes(1), Duration.ofSeconds(10), 1000);
        }
    }

    private record Pending(AuditEvent event, Instant at, CompletableFuture<Long> committed) {
    }

    private record Head(long seq, String hash, long checkpointSeq, Instant checkpointAt) {
    }

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    /** Binds, to a store transaction, the entries {@link #appendInCommit} chains before it commits. */
    private final Object inCommitKey = new Object();
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ECPrivateKeyParameters signingKey;
    private final X509Certificate signingCertificate;
    private final Settings settings;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    /** Whether this instance appended since it last saw a checkpoint: only then can one be due by time. */
    private volatile boolean unsigned = true;
    private volatile Instant lastCheckpointSeen;
    private final Instant started;

    /**
     * @param signingKey         the node's SM2 signing key, which signs the checkpoints
     * @param signingCertificate its certificate, the one {@code audit verify --cert} is given
     */
    public StoredAuditTrail(JdbcTemplate jdbc, Clock clock, ECPrivateKeyParameters signingKey, X509Certificate signingCertificate,
                            Settings settings) {
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.clock = clock;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
        this.settings = settings;
        this.started = clock.instant();
        this.lastCheckpointSeen = started;
        this.writer = new Thread(this::write, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void append(AuditEvent event) {
        Pending p = new Pending(event, clock.instant(), new CompletableFuture<>());
        if (closing) {
            commitDirectly(p);
            return;
        }
        queue.add(p);
        try {
            p.committed().get(settings.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("audit entry {} {} not committed after {}: the store fails; it stays queued", event.kind(), event.subject(),
                    settings.appendTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("audit entry {} {} not committed: {}", event.kind(), event.subject(), e.getCause().toString());
        }
    }

    /** After {@link #close}: late events (a shutdown's last attempts) are committed in the caller's thread. */
    private void commitDirectly(Pending p) {
        try {
            commit(List.of(p), false);
        } catch (RuntimeException e) {
            LOG.error("audit entry {} {} lost at shutdown: {}", p.event().kind(), p.event().subject(), e.toString());
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        long backoff = 0;
        long poll = Math.max(50, Math.min(1000, settings.checkpointInterval().toMillis()));
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(poll, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        checkpointIfDueByTime();
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, settings.maxBatch() - 1);
                }
                long last = commit(batch, false);
                batch.forEach(p -> p.committed().complete(last));
                batch.clear();
                backoff = 0;
            } catch (InterruptedException e) {
                if (closing && batch.isEmpty() && queue.isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                backoff = Math.min(5000, Math.max(100, backoff * 2));
                LOG.warn("audit trail: could not commit {} entries, retrying in {} ms: {}", batch.size(), backoff, e.toString());
                if (closing) {
                    LOG.error("audit trail: {} entries lost at shutdown (the store fails)", batch.size() + queue.size());
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    // closing: one more try, then give up above
                }
            }
        }
    }

    private void checkpointIfDueByTime() {
        if (unsigned && !clock.instant().isBefore(lastCheckpointSeen.plus(settings.checkpointInterval()))) {
            try {
                commit(List.of(), false);
            } catch (RuntimeException e) {
                LOG.warn("audit trail: could not write a checkpoint: {}", e.toString());
            }
        }
    }

    /** Signs a checkpoint at the chain's last entry now, if any entry follows the last checkpoint. */
    public void checkpointNow() {
        commit(List.of(), true);
    }

    /**
     * In a transaction with Spring's synchronization on (the store's group commit), the entries of the
     * transaction's writes are chained once, just before it commits: the chain's head row is the last lock the
     * transaction takes, so two writers holding message rows never wait for each other through it. In one without
     * (a caller's own), the entry is chained at once.
     */
    @Override
    public void appendInCommit(AuditEvent event) {
        if (TransactionSynchronizationManager.getResource(dataSource) == null) {
            append(event);
            return;
        }
        Pending p = new Pending(event, clock.instant(), null); // no one waits on it: the commit is the caller's
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            chain(List.of(p), false);
            return;
        }
        @SuppressWarnings("unchecked")
        List<Pending> entries = (List<Pending>) TransactionSynchronizationManager.getResource(inCommitKey);
        if (entries == null) {
            List<Pending> chained = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(inCommitKey, chained);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    chain(chained, false);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(inCommitKey);
                }
            });
            entries = chained;
        }
        entries.add(p);
    }

    /** Appends {@code batch} in one transaction; returns the seq of the chain's last entry. */
    private long commit(List<Pending> batch, boolean forceCheckpoint) {
        Long last = tx.execute(status -> chain(batch, forceCheckpoint));
        return last == null ? 0 : last;
    }

    /**
     * Inside the caller's transaction: locks the chain's head, inserts {@code batch} chained to it, signs a checkpoint
     * when one is due, moves the head; returns the seq of the chain's last entry.
     */
    private long chain(List<Pending> batch, boolean forceCheckpoint) {
        Head h = jdbc.queryForObject(HEAD, (rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3),
                toInstant(rs.getObject(4, OffsetDateTime.class))));
        long seq = h.seq();
        String prev = h.hash();
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            AuditEntry e = AuditEntry.chain(++seq, p.at(), p.event(), prev);
            prev = e.entryHash();
            rows.add(new Object[] {e.seq(), utc(e.at()), e.kind(), e.actor(), e.subject(), e.detail(), e.prevHash(), e.entryHash()});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO audit_entry (seq, at, kind, actor, subject, detail, prev_hash, entry_hash) "
                    + "VALUES (?,?,?,?,?,?,?,?)", rows);
        }
        Instant now = clock.instant();
        long cpSeq = h.checkpointSeq();
        Instant cpAt = h.checkpointAt();
        // before the first checkpoint, the interval counts from this writer's start
        Instant since = cpAt == null ? started : cpAt;
        boolean due = seq > cpSeq && (forceCheckpoint || seq - cpSeq >= settings.checkpointEvery()
                || !now.isBefore(since.plus(settings.checkpointInterval())));
        if (due) {
            AuditCheckpoint cp = AuditCheckpoint.sign(seq, prev, now, signingKey, signingCertificate);
            jdbc.update("INSERT INTO audit_checkpoint (seq, entry_hash, at, signer, signature) VALUES (?,?,?,?,?)",
                    cp.seq(), cp.entryHash(), utc(cp.at()), cp.signer(), cp.signature());
            cpSeq = seq;
            cpAt = cp.at();
        }
        jdbc.update("UPDATE audit_head SET last_seq = ?, last_hash = ?, checkpoint_seq = ?, checkpoint_at = ? WHERE id = 1",
                seq, prev, cpSeq, cpAt == null ? null : utc(cpAt));
        lastCheckpointSeen = cpAt == null ? started : cpAt;
        unsigned = seq > cpSeq;
        return seq;
    }

    /**
     * Records the effective {@code tongban.*} configuration of {@code node}: when its digest differs from the one
     * last recorded, appends CONFIGURATION_CHANGED naming the keys added (+), removed (-) or changed, never their
     * values. Values are kept only as SM3 digests (a guessable secret's digest can be guessed: the table is for
     * the store's operators only). Returns whether it appended.
     */
    public boolean recordConfiguration(String node, SortedMap<String, String> configuration) {
        SortedMap<String, String> digests = new TreeMap<>();
        StringBuilder all = new StringBuilder();
        configuration.forEach((k, v) -> {
            String d = Sm3.hex(("tongban-config/1\0" + k + "\0" + (v == null ? "" : v)).getBytes(StandardCharsets.UTF_8));
            digests.put(k, d);
            all.append(k).append('=').append(d).append('\n');
        });
        Map<String, String> before = new TreeMap<>();
        jdbc.query("SELECT property, value_digest FROM audit_configuration WHERE node = ?",
                rs -> {
                    before.put(rs.getString(1), rs.getString(2));
                }, node);
        if (before.equals(digests)) {
            return false;
        }
        String changed;
        if (before.isEmpty()) {
            changed = "first recorded, " + digests.size() + " keys";
        } else {
            TreeSet<String> keys = new TreeSet<>(before.keySet());
            keys.addAll(digests.keySet());
            List<String> names = new ArrayList<>();
            for (String k : keys) {
                if (!before.containsKey(k)) {
                    names.add("+" + k);
                } else if (!digests.containsKey(k)) {
                    names.add("-" + k);
                } else if (!before.get(k).equals(digests.get(k))) {
                    names.add(k);
                }
            }
            changed = String.join(", ", names);
        }
        // the entry first: a crash before the table is updated records the change again at the next start, never not at all
        append(AuditEvent.configurationChanged(node, Sm3.hex(all.toString().getBytes(StandardCharsets.UTF_8)), changed));
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM audit_configuration WHERE node = ?", node);
            jdbc.batchUpdate("INSERT INTO audit_configuration (node, property, value_digest) VALUES (?,?,?)",
                    digests.entrySet().stream().map(e -> new Object[] {node, e.getKey(), e.getValue()}).toList());
        });
        return true;
    }

    /** Commits what is queued, signs a checkpoint at the end of the chain, and stops the writer. */
    @Override
    public java.util.Map<String, Long> refusalsByCode() {
        // the code is the detail up to its first colon (AuditEvent.refused); grouped in the database, one row a code
        String code = "SUBSTRING(detail FROM 1 FOR POSITION(':' IN detail) - 1)";
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.query("SELECT " + code + ", COUNT(*) FROM audit_entry WHERE kind = 'REFUSED' AND POSITION(':' IN detail) > 1 GROUP BY "
                + code, rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(settings.appendTimeout().toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            checkpointNow();
        } catch (RuntimeException e) {
            LOG.warn("audit trail: no checkpoint at shutdown: {}", e.toString());
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

}
