package cn.tongban.hub.exchange;

/** The durable queue outbound message ids wait on for their next attempt; implemented over the broker. */
public interface DeliveryQueue {
    /** Puts {@code messageId} on the queue for an attempt now. */
    void enqueue(String messageId);
}
