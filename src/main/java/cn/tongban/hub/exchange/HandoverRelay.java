package cn.tongban.hub.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.store.InboundStore;

/**
 * The transactional outbox between the store and the broker: accepted messages whose {@code handed_over_at}
 * is empty are put on their queue, then marked. A crash between the two repeats the hand-over, which the
 * queue's duplicate detection absorbs; a crash before the first leaves the row for the next run. So nothing
 * accepted is lost and nothing is handed over twice. Several instances sharing one store relay alike: each batch
 * holds its rows until marked, and the other instances skip them ({@link InboundStore#handOverBatch}).
 *
 * <p>What this instance has just accepted is handed over by key ({@link #wake(String, String)}); the scan for
 * everything waiting ({@link #relayAll}) is the periodic sweep, for what a crash, a failed hand-over or another
 * instance left. On PostgreSQL that scan reads every row version the marks left until a vacuum removes them, and run
 * after every acceptance it was the statement the server was most often found running (docs/benchmarks.md,
 * "25 November, late morning"). A key whose row another instance's sweep holds is skipped here and handed over by
 * that sweep; if that one fails, the next sweep finds the row.
 */
public class HandoverRelay {
    private static final Logger LOG = LoggerFactory.getLogger(HandoverRelay.class);
    private static final int BATCH = 200;

    private final InboundStore store;
    private final HandoverQueue queue;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tep-handover");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Accepted here and not yet handed over by key: drained by the worker, in the order of acceptance. */
    private final Queue<InboundStore.Key> accepted = new ConcurrentLinkedQueue<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder handedOver = new LongAdder();

    public HandoverRelay(InboundStore store, HandoverQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Asks for the message just accepted (and committed) to be handed over soon; requests made while a run is
     * waiting join it (under load a run hands over four or five messages: {@code bench exchange} prints the batches
     * per message; waiting a few milliseconds for more did not lower its CPU per message, docs/benchmarks.md).
     */
    public void wake(String fromNode, String messageId) {
        accepted.add(new InboundStore.Key(fromNode, messageId));
        if (scheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                scheduled.set(false);
                relayAccepted();
            });
        }
    }

    /** Batches handed over so far (each one store commit and one broker commit), and the messages in them. */
    public long[] batchesAndMessages() {
        return new long[] {batches.sum(), handedOver.sum()};
    }

    /** Hands over everything waiting; returns how many. Safe to call from several threads and instances. */
    public synchronized int relayAll() {
        int total = 0;
        try {
            int n;
            do {
                // the rows stay held until marked: another instance's relay skips them
                n = count(store.handOverBatch(BATCH, queue::handOver, OffsetDateTime.now(clock)));
                total += n;
            } while (n == BATCH);
        } catch (RuntimeException e) {
            warn(total, e);
        }
        return total;
    }

    private int count(int handedOverInOneBatch) {
        if (handedOverInOneBatch > 0) {
            batches.increment();
            handedOver.add(handedOverInOneBatch);
        }
        return handedOverInOneBatch;
    }

    private static void warn(int total, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        LOG.warn("hand-over interrupted after {} messages, will resume: {}", total, root.toString());
    }

    /** Hands over by key what {@link #wake(String, String)} queued; what fails is left to the sweep. */
    synchronized int relayAccepted() {
        int total = 0;
        List<InboundStore.Key> keys = new ArrayList<>(BATCH);
        try {
            while (true) {
                keys.clear();
                for (InboundStore.Key k; keys.size() < BATCH && (k = accepted.poll()) != null; ) {
                    keys.add(k);
                }
                if (keys.isEmpty()) {
                    return total;
                }
                total += count(store.handOver(keys, queue::handOver, OffsetDateTime.now(clock)));
            }
        } catch (RuntimeException e) {
            warn(total, e);
            return total;
        }
    }

    public void shutdown() {
        worker.shutdownNow();
    }
}
