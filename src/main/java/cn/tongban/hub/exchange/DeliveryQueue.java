package cn.tongban.hub.exchange;

import java.time.OffsetDateTime;
import java.util.Optional;

import cn.tongban.hub.store.OutboundRecord;

/** Where outbound message ids wait for an attempt: the broker's durable queue, or first the direct attempt. */
public interface DeliveryQueue {
    /** Puts {@code messageId} on the queue for an attempt now. */
    void enqueue(String messageId);

    /** Puts {@code messageId} on the queue for an attempt at {@code at} (a retry's back-off instant). */
    void enqueueAt(String messageId, OffsetDateTime at);

    /**
     * Until when a message about to be stored at {@code now} is to be held for its first attempt, if this queue makes
     * that attempt at once ({@link #attemptHeld}, after the message is stored held: {@code OutboundStore#insertHeld});
     * empty if the message is to be stored free and {@link #enqueue}d.
     */
    default Optional<OffsetDateTime> firstAttemptHold(OffsetDateTime now) {
        return Optional.empty();
    }

    /**
     * Makes the first attempt of {@code stored}, held until {@code heldUntil}; false if no thread can take it now
     * (the caller gives up the hold and {@link #enqueue}s the message).
     */
    default boolean attemptHeld(OutboundRecord stored, OffsetDateTime heldUntil) {
        return false;
    }
}
