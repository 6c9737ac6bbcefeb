package cn.tongban.hub.store;

/** Where an outbound message stands (TEP-1 §7). */
public enum OutboundStatus {
    /** Stored; being attempted or waiting for its next attempt. */
    PENDING,
    /** A verified receipt is stored. */
    DELIVERED,
    /** Refused by the peer with a non-retryable 4xx, or its {@code exp} passed: an operator may resend it as a new message. */
    DEAD
}
