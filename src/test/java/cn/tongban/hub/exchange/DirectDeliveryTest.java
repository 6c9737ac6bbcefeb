package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.store.OutboundStatus;

/**
 * The first attempt made at once, off the broker: a message delivered at the first try never reaches the queue;
 * a retry goes on it for its back-off instant; a submission with no room, one inside a store transaction, one
 * whose attempt failed before it could say how, and one after shutdown go on it at once.
 */
class DirectDeliveryTest {
    static final OffsetDateTime LATER = OffsetDateTime.of(2026, 11, 24, 12, 0, 5, 0, ZoneOffset.ofHours(8));

    /** What reached the queue behind: "now:id" or "at:id@instant". */
    final List<String> queued = new CopyOnWriteArrayList<>();
    final List<String> attemptedOn = new CopyOnWriteArrayList<>();
    final DeliveryQueue queue = new DeliveryQueue() {
        @Override
        public void enqueue(String messageId) {
            queued.add("now:" + messageId);
        }

        @Override
        public void enqueueAt(String messageId, OffsetDateTime at) {
            queued.add("at:" + messageId + "@" + at);
        }
    };

    @Test
    void aDeliveredFirstAttemptNeverTouchesTheQueueAndARetryGoesOnItForItsInstant() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        DirectDelivery d = new DirectDelivery(id -> {
            attemptedOn.add(Thread.currentThread().getName());
            done.countDown();
            return id.equals("ok") ? new DeliveryWorker.Outcome(OutboundStatus.DELIVERED, null)
                    : new DeliveryWorker.Outcome(OutboundStatus.PENDING, LATER);
        }, queue, 2, 10, Duration.ofSeconds(5), () -> false);
        d.enqueue("ok");
        d.enqueue("retry");
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        d.shutdown();
        assertThat(attemptedOn).allMatch(t -> t.startsWith("tep-delivery-"));
        assertThat(queued).containsExactly("at:retry@" + LATER);
    }

    @Test
    void whatCannotBeAttemptedAtOnceGoesOnTheQueueAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        AtomicBoolean inTransaction = new AtomicBoolean();
        DirectDelivery d = new DirectDelivery(id -> {
            if (id.equals("fails")) {
                throw new IllegalStateException("store unavailable");
            }
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new DeliveryWorker.Outcome(OutboundStatus.DELIVERED, null);
        }, queue, 1, 1, Duration.ofSeconds(5), inTransaction::get);
        d.enqueue("fails");
        Eventually.await("the failed attempt queued", Duration.ofSeconds(10), () -> queued.contains("now:fails"));
        d.enqueue("holds the thread");
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        d.enqueue("waits");             // the one place waiting
        d.enqueue("no room");           // beyond it
        inTransaction.set(true);
        d.enqueue("in a transaction");  // its row is not visible before the caller commits
        inTransaction.set(false);
        release.countDown();
        d.shutdown();
        d.enqueue("after shutdown");
        assertThat(queued).containsExactly("now:fails", "now:no room", "now:in a transaction", "now:after shutdown");
    }
}
