package cn.tongban.hub.exchange;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.store.OutboundRecord;

/**
 * A message's first attempt, made at once by the instance that stored it, on a pool of its own
 * ({@code tep-delivery-N}): a message delivered at the first try never touches the broker. Whatever needs to
 * wait goes on the durable queue behind it ({@code queue}, the broker's {@code tep.out}): a retry, scheduled for
 * its back-off instant; a submission the pool has no room for; a first attempt that failed before it could say
 * what happened (the store down); a submission made inside a caller's transaction (its row is not visible to
 * another thread before that commits). The store stays what counts: a first attempt that a crash or a shutdown
 * lost is a stored PENDING message, which the sweep queues (at once at the next start).
 *
 * <p>A message submitted while there is room is stored already held for this first attempt
 * ({@link #firstAttemptHold}, {@code OutboundStore#insertHeld}) and handed over with the record just stored
 * ({@link #attemptHeld}): the attempt needs no claim (a commit) and no read of the row. What the pool has no room
 * for after all is given up by its hold and queued by the submitter.
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

    /** The first attempt of a message stored held for it: {@link DeliveryWorker#attemptHeld}. */
    @FunctionalInterface
    public interface HeldAttempt {
        DeliveryWorker.Outcome of(OutboundRecord stored, OffsetDateTime heldUntil);
    }

    private final Attempt worker;
    private final HeldAttempt held;
    /** Until when a first attempt starting at the given instant holds its message; null: messages are stored free. */
    private final java.util.function.UnaryOperator<OffsetDateTime> holdUntil;
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
        this(worker, null, null, queue, threads, waiting, drain, insideStoreTransaction);
    }

    /**
     * First attempts of messages stored held ({@link #firstAttemptHold}, {@link #attemptHeld}) as well as of
     * messages stored free ({@link #enqueue}).
     */
    public DirectDelivery(DeliveryWorker worker, DeliveryQueue queue, int threads, int waiting, Duration drain,
                          java.util.function.BooleanSupplier insideStoreTransaction) {
        this(worker::attempt, worker::attemptHeld, worker::holdUntil, queue, threads, waiting, drain, insideStoreTransaction);
    }

    DirectDelivery(Attempt worker, HeldAttempt held, java.util.function.UnaryOperator<OffsetDateTime> holdUntil, DeliveryQueue queue,
                   int threads, int waiting, Duration drain, java.util.function.BooleanSupplier insideStoreTransaction) {
        this.insideStoreTransaction = insideStoreTransaction;
        this.worker = worker;
        this.held = held;
        this.holdUntil = holdUntil;
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
            pool.execute(() -> attempt(messageId, () -> worker.of(messageId)));
        } catch (RejectedExecutionException full) {
            queue.enqueue(messageId);
        }
    }

    /**
     * A hold while a thread or a waiting place is free and the caller holds no store transaction (a row stored
     * inside one is not visible to the attempt's thread before that commits). A place taken meanwhile makes
     * {@link #attemptHeld} answer false.
     */
    @Override
    public Optional<OffsetDateTime> firstAttemptHold(OffsetDateTime now) {
        if (holdUntil == null || pool.isShutdown() || pool.getQueue().remainingCapacity() == 0 || insideStoreTransaction.getAsBoolean()) {
            return Optional.empty();
        }
        return Optional.of(holdUntil.apply(now));
    }

    @Override
    public boolean attemptHeld(OutboundRecord stored, OffsetDateTime heldUntil) {
        if (held == null) {
            return false;
        }
        try {
            pool.execute(() -> attempt(stored.messageId(), () -> held.of(stored, heldUntil)));
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    @Override
    public void enqueueAt(String messageId, OffsetDateTime at) {
        queue.enqueueAt(messageId, at);
    }

    private void attempt(String messageId, java.util.function.Supplier<DeliveryWorker.Outcome> attempt) {
        DeliveryWorker.Outcome o;
        try {
            o = attempt.get();
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
