package cn.tongban.hub.exchange;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message's first attempt, made at once by the instance that stored it, on a pool of its own
 * ({@code tep-delivery-N}): a message delivered at the first try never touches the broker. Whatever needs to
 * wait goes on the durable queue behind it ({@code queue}, the broker's {@code tep.out}): a retry, scheduled for
 * its back-off instant; a submission the pool has no room for; a first attempt that failed before it could say
 * what happened (the store down); a submission made inside a caller's transaction (its row is not visible to
 * another thread before that commits). The store stays what counts: a first attempt that a crash or a shutdown
 * lost is a stored PENDING message, which the sweep queues (at once at the next start).
 *
 * <p>Why: on two cores the persistent queue pass (send, journal, transacted receive) cost about as much CPU per
 * message as the plain bridge's whole broker hop (docs/benchmarks.md, "where the CPU goes"), for messages that
 * nearly all arrive at the first attempt.
 */
public class DirectDelivery implements DeliveryQueue {
    private static final Logger LOG = LoggerFactory.getLogger(DirectDelivery.class);

    /** One attempt of one message: {@link DeliveryWorker#attempt}. */
    @FunctionalInterface
    public interface Attempt {
        DeliveryWorker.Outcome of(String messageId);
    }

    private final Attempt worker;
    private final DeliveryQueue queue;
    private final ThreadPoolExecutor pool;
    private final Duration drain;
    private final java.util.function.BooleanSupplier insideStoreTransaction;

    /**
     * @param threads                first attempts at once at most (tongban.delivery.concurrency)
     * @param waiting                submissions that may wait for a thread; beyond, they go on {@code queue}
     * @param drain                  how long a shutdown waits for the attempts under way
     * @param insideStoreTransaction whether the calling thread holds a store transaction (its submission goes on
     *                               {@code queue}, which writes the entry once that commits)
     */
    public DirectDelivery(Attempt worker, DeliveryQueue queue, int threads, int waiting, Duration drain,
                          java.util.function.BooleanSupplier insideStoreTransaction) {
        this.insideStoreTransaction = insideStoreTransaction;
        this.worker = worker;
        this.queue = queue;
        this.drain = drain;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(waiting), r -> {
            Thread t = new Thread(r, "tep-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void enqueue(String messageId) {
        if (insideStoreTransaction.getAsBoolean() || pool.isShutdown()) {
            queue.enqueue(messageId); // it defers to the caller's commit
            return;
        }
        try {
            pool.execute(() -> attempt(messageId));
        } catch (RejectedExecutionException full) {
            queue.enqueue(messageId);
        }
    }

    @Override
    public void enqueueAt(String messageId, OffsetDateTime at) {
        queue.enqueueAt(messageId, at);
    }

    private void attempt(String messageId) {
        DeliveryWorker.Outcome o;
        try {
            o = worker.of(messageId);
        } catch (RuntimeException e) {
            // the store or the audit trail failed mid-attempt: the queue's consumer tries again (the claim guards)
            LOG.warn("first attempt of {} failed ({}); queued", messageId, e.toString());
            queue.enqueue(messageId);
            return;
        }
        if (o.retryAt() != null) {
            queue.enqueueAt(messageId, o.retryAt());
        }
    }

    /**
     * Stops taking first attempts and lets those under way or waiting finish for at most {@code drain}; what is left
     * then is a stored PENDING message for the next start's sweep (one under way keeps its lease until it ends).
     */
    public void shutdown() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} first attempts still under way at shutdown; their messages wait for their lease and the sweep",
                        pool.getActiveCount());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
