package cn.tongban.hub.exchange;

import java.time.OffsetDateTime;

/** Where outbound message ids wait for an attempt: the broker's durable queue, or first the direct attempt. */
public interface DeliveryQueue {
    /** Puts {@code messageId} on the queue for an attempt now. */
    void enqueue(String messageId);

    /** Puts {@code messageId} on the queue for an attempt at {@code at} (a retry's back-off instant). */
    void enqueueAt(String messageId, OffsetDateTime at);
}
