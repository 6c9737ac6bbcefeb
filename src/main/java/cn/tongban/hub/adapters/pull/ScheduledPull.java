package cn.tongban.hub.adapters.pull;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.tongban.hub.cases.CaseSubmission;

/**
 * One pull: reads its source, turns each record into a case, skips what it took before, hands the rest to the
 * sink at a limited rate, and keeps its checkpoint, in the order package-info.java argues for. One run at a
 * time: a run asked for while one is going returns BUSY at once. Needs no Spring context, only a transaction
 * manager on the store's database.
 */
public class ScheduledPull {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPull.class);
    private static final ZoneOffset CST = ZoneOffset.ofHours(8);
    private static final int MAX_KEY = 256;

    /** Counts so far, passed to the progress listener every {@code progressEvery} records and at the end. */
    public record Progress(String pull, long read, long submitted, long skipped, long failed, boolean finished) {
    }

    private final String name;
    private final String targetNode;
    private final String messageType;
    private final RecordSource source;
    private final CaseRowMapper mapper;
    private final CaseSink sink;
    private final PullStore store;
    private final TransactionTemplate tx;
    private final TokenBucket limiter;
    private final Clock clock;
    private final int progressEvery;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Consumer<Progress> progressListener = p -> { };
    private volatile PullReport lastReport;

    /**
     * @param targetNode the node every case goes to; null: the province hub (pp0000) of each case's first handling region
     * @param transactions on the database of {@code store} (and of the sink, when it {@link CaseSink#joinsTransaction joins})
     */
    public ScheduledPull(String name, String targetNode, String messageType, RecordSource source, CaseRowMapper mapper,
                         CaseSink sink, PullStore store, PlatformTransactionManager transactions, TokenBucket limiter,
                         Clock clock, int progressEvery) {
        this.name = name;
        this.targetNode = targetNode;
        this.messageType = messageType;
        this.source = source;
        this.mapper = mapper;
        this.sink = sink;
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.limiter = limiter;
        this.clock = clock;
        this.progressEvery = progressEvery;
    }

    /** A pull as configured: its source by kind, its rate limit on the system clock. */
    public static ScheduledPull of(PullProperties.Pull def, CaseRowMapper mapper, CaseSink sink, PullStore store,
                                   PlatformTransactionManager transactions, Clock clock, int progressEvery) {
        RecordSource source = switch (def.getKind()) {
            case CSV_HTTP -> new CsvHttpSource(URI.create(def.getUrl()), Charset.forName(def.getCharset()), def.getTimeout(),
                    def.getMaxExportSize().toBytes(), def.getKeyColumn());
            case JDBC -> new JdbcTableSource(new DriverManagerDataSource(def.getJdbcUrl(), nullToEmpty(def.getUsername()),
                    nullToEmpty(def.getPassword())), def.getTable(), def.getQuery(), def.getKeyColumn(), def.getPageSize());
        };
        return new ScheduledPull(def.getName(), def.getTarget().getNode(), def.getTarget().getMessageType(), source, mapper,
                sink, store, transactions, TokenBucket.perSecond(def.getMaxRecordsPerSecond()), clock, progressEvery);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public String name() {
        return name;
    }

    public void onProgress(Consumer<Progress> listener) {
        this.progressListener = listener;
    }

    /** The report of the last run that was not BUSY. */
    public Optional<PullReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /** One run; never two at once. */
    public PullReport run() {
        OffsetDateTime started = now();
        if (!running.tryLock()) {
            LOG.info("pull {}: still running, this run is skipped", name);
            return new PullReport(name, PullReport.Status.BUSY, started, started, 0, 0, 0, 0, List.of(), "already running");
        }
        try {
            PullReport r = new Run(started).execute();
            lastReport = r;
            return r;
        } finally {
            running.unlock();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(CST);
    }

    /** A refusal carried out of a transaction callback, so that the transaction rolls back. */
    private static final class RefusedInTransaction extends RuntimeException {
        RefusedInTransaction(CaseRefused cause) {
            super(cause);
        }
    }

    private final class Run {
        private final OffsetDateTime started;
        private long read;
        private long submitted;
        private long skipped;
        private long failed;
        private final List<PullReport.Failure> failures = new ArrayList<>();
        /** No record of this run has failed yet: the checkpoint may still move. */
        private boolean inOrder = true;
        /** A settled key the checkpoint does not hold yet (records skipped since the last write). */
        private String unsavedCheckpoint;

        Run(OffsetDateTime started) {
            this.started = started;
        }

        PullReport execute() {
            String abort = null;
            try (RecordSource.Cursor cursor = source.open(store.checkpoint(name).orElse(null))) {
                for (SourceRecord r; (r = cursor.next()) != null; ) {
                    read++;
                    take(r);
                    if (read % progressEvery == 0) {
                        saveCheckpoint();
                        progress(false);
                    }
                }
            } catch (SourceFailure e) {
                abort = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort = "interrupted";
            } catch (RuntimeException e) {
                // the sink or the store broke off: like a crash, what committed stays and the next run resumes
                abort = String.valueOf(e);
            }
            try {
                saveCheckpoint();
            } catch (RuntimeException e) {
                abort = abort != null ? abort : "the checkpoint could not be saved: " + e;
            }
            PullReport report = new PullReport(name, abort == null ? PullReport.Status.COMPLETED : PullReport.Status.ABORTED,
                    started, now(), read, submitted, skipped, failed, List.copyOf(failures), cut(abort));
            if (abort == null) {
                LOG.info("pull {} finished in {} ms: {}", name, report.duration().toMillis(), report.counts());
            } else {
                LOG.warn("pull {} stopped after {} ms: {}; the next run resumes. {}", name, report.duration().toMillis(),
                        report.counts(), report.abortReason());
            }
            progress(true);
            return report;
        }

        private void take(SourceRecord r) throws InterruptedException {
            if (r.problem() != null) {
                fail(r, r.problem());
                return;
            }
            if (r.key() == null) {
                fail(r, "the key column is empty");
                return;
            }
            if (r.key().length() > MAX_KEY) {
                fail(r, "the key is longer than " + MAX_KEY + " characters");
                return;
            }
            Optional<String> known = store.outcome(name, r.key());
            if (known.filter(PullStore.SUBMITTED::equals).isPresent()) {
                skipped++;
                settled(r.key());
                return;
            }
            CaseSubmission c;
            try {
                c = mapper.map(r.values(), now());
            } catch (RowRejected e) {
                fail(r, e.getMessage());
                return;
            }
            String to = targetNode != null ? targetNode : c.handlingRegions().get(0).substring(0, 2) + "0000";
            limiter.acquire();
            String checkpoint = inOrder ? r.key() : null;
            try {
                boolean taken = sink.joinsTransaction()
                        ? submitInOneTransaction(r.key(), c, to, checkpoint)
                        : submitIdempotently(r.key(), c, to, known.isPresent(), checkpoint);
                if (taken) {
                    submitted++;
                    if (checkpoint != null) {
                        unsavedCheckpoint = null; // written with the record
                    }
                } else {
                    skipped++; // a concurrent run took it first
                    settled(r.key());
                }
            } catch (CaseRefused e) {
                fail(r, "not taken by the hub: " + e.getMessage());
            }
        }

        /** Record, outbox entry and checkpoint commit together, or none of them does. */
        private boolean submitInOneTransaction(String key, CaseSubmission c, String to, String checkpoint) throws CaseRefused {
            try {
                return Boolean.TRUE.equals(tx.execute(status -> {
                    try {
                        store.insert(name, key, c.caseId(), PullStore.SUBMITTED, null, now());
                    } catch (DuplicateKeyException e) {
                        status.setRollbackOnly();
                        return false;
                    }
                    String id;
                    try {
                        id = sink.submit(to, messageType, c);
                    } catch (CaseRefused e) {
                        throw new RefusedInTransaction(e);
                    }
                    if (id != null) {
                        store.setMessageId(name, key, id);
                    }
                    if (checkpoint != null) {
                        store.saveCheckpoint(name, checkpoint, now());
                    }
                    return true;
                }));
            } catch (RefusedInTransaction e) {
                throw (CaseRefused) e.getCause();
            }
        }

        /** PENDING committed first, then the (idempotent) submission, then SUBMITTED with the checkpoint. */
        private boolean submitIdempotently(String key, CaseSubmission c, String to, boolean pendingBefore, String checkpoint)
                throws CaseRefused {
            if (!pendingBefore) {
                try {
                    tx.executeWithoutResult(s -> store.insert(name, key, c.caseId(), PullStore.PENDING, null, now()));
                } catch (DuplicateKeyException e) {
                    return false;
                }
            }
            String id = sink.submit(to, messageType, c);
            tx.executeWithoutResult(s -> {
                store.markSubmitted(name, key, id, now());
                if (checkpoint != null) {
                    store.saveCheckpoint(name, checkpoint, now());
                }
            });
            return true;
        }

        private void settled(String key) {
            if (inOrder) {
                unsavedCheckpoint = key;
            }
        }

        private void fail(SourceRecord r, String reason) {
            failed++;
            inOrder = false;
            PullReport.Failure f = new PullReport.Failure(r.line(), r.key(), reason);
            if (failures.size() < PullReport.MAX_FAILURES_LISTED) {
                failures.add(f);
            }
            LOG.warn("pull {}: skipped {}", name, f);
        }

        private void saveCheckpoint() {
            if (unsavedCheckpoint != null) {
                store.saveCheckpoint(name, unsavedCheckpoint, now());
                unsavedCheckpoint = null;
            }
        }

        private void progress(boolean finished) {
            if (!finished) {
                LOG.info("pull {}: {}", name, "read " + read + ", new " + submitted + ", skipped " + skipped + ", failed " + failed);
            }
            progressListener.accept(new Progress(name, read, submitted, skipped, failed, finished));
        }

        private static String cut(String s) {
            return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
        }
    }
}
