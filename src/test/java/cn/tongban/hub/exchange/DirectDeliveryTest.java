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

    /**
     * A message stored held is attempted on a first-attempt thread with the record it was stored with; a hold is
     * offered only while there is room and no store transaction, and never after shutdown; with no room the held
     * attempt is refused (its submitter then gives up the hold and queues the message).
     */
    @Test
    void aMessageStoredHeldIsAttemptedWithItsRecordAndAHoldIsOfferedOnlyWithRoom() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<String> held = new CopyOnWriteArrayList<>();
        AtomicBoolean inTransaction = new AtomicBoolean();
        DirectDelivery d = new DirectDelivery(id -> {
            throw new AssertionError("no claim was expected");
        }, (m, until) -> {
            held.add(m.messageId() + "@" + until + " on " + Thread.currentThread().getName().replaceAll("\\d+", "N"));
            holdThread(busy, release);
            return new DeliveryWorker.Outcome(OutboundStatus.PENDING, LATER);
        }, t -> t.plusMinutes(2), queue, 1, 1, Duration.ofSeconds(5), inTransaction::get);
        OffsetDateTime now = LATER.minusSeconds(5);
        assertThat(d.firstAttemptHold(now)).contains(now.plusMinutes(2));
        assertThat(d.attemptHeld(record("first"), now.plusMinutes(2))).isTrue();
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        inTransaction.set(true);
        assertThat(d.firstAttemptHold(now)).as("inside a store transaction").isEmpty();
        inTransaction.set(false);
        assertThat(d.attemptHeld(record("waits"), now.plusMinutes(2))).as("the one waiting place").isTrue();
        assertThat(d.firstAttemptHold(now)).as("no room").isEmpty();
        assertThat(d.attemptHeld(record("no room"), now.plusMinutes(2))).isFalse();
        release.countDown();
        d.shutdown();
        assertThat(d.firstAttemptHold(now)).as("after shutdown").isEmpty();
        assertThat(held).containsExactly("first@" + now.plusMinutes(2) + " on tep-delivery-N",
                "waits@" + now.plusMinutes(2) + " on tep-delivery-N");
        assertThat(queued).as("the retries, for their instant").containsExactly("at:first@" + LATER, "at:waits@" + LATER);
        DirectDelivery claimOnly = new DirectDelivery(id -> null, queue, 1, 1, Duration.ofSeconds(1), () -> false);
        assertThat(claimOnly.firstAttemptHold(now)).as("built without a hold: messages stored free").isEmpty();
        claimOnly.shutdown();
    }

    /** Inside an attempt: says it is busy, then keeps its thread until released. */
    static void holdThread(CountDownLatch busy, CountDownLatch release) {
        busy.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static cn.tongban.hub.store.OutboundRecord record(String id) {
        return new cn.tongban.hub.store.OutboundRecord(id, "130000", "test.ping", null, null, null, "application/json", null,
                new byte[0], new byte[0], true, "ab", OutboundStatus.PENDING, 0, LATER, LATER.plusDays(1), LATER, null, null, null,
                null, null, null);
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
            holdThread(busy, release);
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
