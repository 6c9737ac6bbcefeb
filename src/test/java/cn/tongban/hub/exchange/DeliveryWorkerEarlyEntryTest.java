package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;
import cn.tongban.hub.store.StoreEngines;

/**
 * A queue entry that reaches the delivery worker before its message is due (the original of a scheduled retry,
 * redelivered after the route's transaction rolled back; a duplicate) is answered with the due time, so that the
 * route puts it back instead of leaving the message to the sweep a minute later; an entry for a message another
 * attempt holds, or one delivered, is dropped. No attempt is made in any of these cases.
 */
class DeliveryWorkerEarlyEntryTest {
    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.ofHours(8));

    JdbcTemplate db;
    OutboundStore store;
    final AtomicInteger posts = new AtomicInteger();
    DeliveryWorker worker;

    @BeforeEach
    void store() {
        db = StoreEngines.H2.fresh();
        store = new OutboundStore(db);
        TepClient client = (endpoint, message, peer) -> {
            posts.incrementAndGet();
            throw new java.io.IOException("no attempt was expected");
        };
        worker = new DeliveryWorker(null, store, client, new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 2, 0),
                Clock.fixed(NOW.toInstant(), ZoneOffset.UTC), Duration.ofMinutes(2));
    }

    @AfterEach
    void drop() {
        StoreEngines.H2.drop(db);
    }

    @Test
    void anEarlyEntryIsPutBackForTheDueTime() {
        OffsetDateTime due = NOW.plusSeconds(5);
        store.insert(pending("early", due));
        DeliveryWorker.Outcome o = worker.attempt("early");
        assertThat(o.status()).isEqualTo(OutboundStatus.PENDING);
        assertThat(o.retryAt()).isEqualTo(due.toInstant().atOffset(o.retryAt().getOffset()));
        assertThat(posts).hasValue(0);
    }

    @Test
    void anEntryForAMessageAnotherAttemptHoldsOrOneDeliveredIsDropped() {
        store.insert(pending("held", NOW.minusSeconds(1)));
        assertThat(store.claim("held", NOW, NOW.plusMinutes(2))).as("another consumer's attempt").isTrue();
        assertThat(worker.attempt("held")).isEqualTo(new DeliveryWorker.Outcome(null, null));

        store.insert(pending("held-not-due", NOW.plusSeconds(30)));
        db.update("UPDATE outbound_message SET lease_until = ? WHERE message_id = 'held-not-due'", NOW.plusMinutes(1));
        assertThat(worker.attempt("held-not-due")).as("its holder schedules its next entry").isEqualTo(new DeliveryWorker.Outcome(null, null));

        store.insert(pending("done", NOW.plusSeconds(30)));
        db.update("UPDATE outbound_message SET status = 'DELIVERED' WHERE message_id = 'done'");
        assertThat(worker.attempt("done")).isEqualTo(new DeliveryWorker.Outcome(null, null));
        assertThat(worker.attempt("unknown")).isEqualTo(new DeliveryWorker.Outcome(null, null));
        assertThat(posts).hasValue(0);
    }

    /**
     * A first attempt stored held that waited for a thread until its hold ran out, and whose message another attempt
     * took meanwhile, is not made: the taker has it. A queue entry for a message still held waits for the holder.
     */
    @Test
    void aHeldFirstAttemptWhoseHoldRanOutAndWasTakenIsLeftToItsTaker() {
        OffsetDateTime ranOut = NOW.minusSeconds(1);
        OutboundRecord m = pending("waited", NOW.minusSeconds(5));
        store.insertHeld(m, ranOut, () -> {
        });
        assertThat(store.claim("waited", NOW, NOW.plusMinutes(2))).as("another consumer took it").isTrue();
        assertThat(worker.attemptHeld(m, ranOut)).isEqualTo(new DeliveryWorker.Outcome(null, null));

        OffsetDateTime hold = worker.holdUntil(NOW);
        store.insertHeld(pending("held", NOW), hold, () -> {
        });
        assertThat(worker.attempt("held")).as("a queue entry while its first attempt holds it").isEqualTo(new DeliveryWorker.Outcome(null, null));
        assertThat(posts).hasValue(0);
        assertThat(hold).isEqualTo(NOW.plusMinutes(2));
    }

    private static OutboundRecord pending(String id, OffsetDateTime due) {
        return new OutboundRecord(id, "130000", "case.submit", "CASE-1", null, null, "application/json", null,
                "{}".getBytes(), new byte[] {1, 2, 3}, true, "ab".repeat(32), OutboundStatus.PENDING, 1, NOW.minusMinutes(1),
                NOW.plusDays(1), due, null, null, null, null, null, null);
    }
}
