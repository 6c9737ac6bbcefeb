package cn.tongban.hub.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
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
    private final LongAdder batches = new LongAdder();
    private final LongAdder handedOver = new LongAdder();

    public HandoverRelay(InboundStore store, HandoverQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Asks for a run soon; requests made while one is waiting coalesce into it (under load a run hands over four or
     * five messages: {@code bench exchange} prints the batches per message; waiting a few milliseconds for more
     * did not lower its CPU per message, docs/benchmarks.md).
     */
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                scheduled.set(false);
                relayAll();
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
                n = store.handOverBatch(BATCH, queue::handOver, OffsetDateTime.now(clock));
                total += n;
                if (n > 0) {
                    batches.increment();
                    handedOver.add(n);
                }
            } while (n == BATCH);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            LOG.warn("hand-over interrupted after {} messages, will resume: {}", total, root.toString());
        }
        return total;
    }

    public void shutdown() {
        worker.shutdownNow();
    }
}
