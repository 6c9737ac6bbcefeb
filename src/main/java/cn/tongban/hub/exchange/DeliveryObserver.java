package cn.tongban.hub.exchange;

/**
 * Told of each message the moment it is delivered: the peer's receipt has verified and the message is marked
 * DELIVERED in the store. For measuring (the exchange benchmark times submit → verified receipt with it) and
 * monitoring; it runs on the delivery thread, so it must return at once and must not throw.
 */
@FunctionalInterface
public interface DeliveryObserver {
    /** The observer of a hub that has none. */
    DeliveryObserver NONE = (messageId, attempts) -> {
    };

    /** {@code messageId} is DELIVERED after {@code attempts} attempts. */
    void delivered(String messageId, int attempts);
}
