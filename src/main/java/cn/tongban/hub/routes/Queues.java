package cn.tongban.hub.routes;

/** Broker addresses the exchange uses. */
public final class Queues {
    /** Outbound message ids waiting for an attempt. */
    public static final String OUTBOUND = "tep.out";
    /** Prefix of the per-type queues accepted messages are handed over on. */
    public static final String INBOUND_PREFIX = "tep.in.";
    /** Artemis' duplicate-detection property: a second message with the same value is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis' scheduled-delivery property (epoch milliseconds). */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private Queues() {
    }

    /**
     * The scheduled-delivery value for an entry due at {@code at}: one millisecond late rather than early (the store
     * keeps finer time, and an entry that comes early is only put back again).
     */
    public static long scheduledDelivery(java.time.OffsetDateTime at) {
        return at.toInstant().toEpochMilli() + 1;
    }

    /**
     * The queue of a message type: {@code tep.in.case.submit}. Characters outside {@code [a-z0-9._-]} become
     * {@code _}, so that a partner's type can never name an Artemis wildcard ({@code #}, {@code *}) or another
     * address.
     */
    public static String inbound(String type) {
        StringBuilder b = new StringBuilder(INBOUND_PREFIX);
        for (char c : type.toCharArray()) {
            b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ? c : '_');
        }
        return b.toString();
    }
}
