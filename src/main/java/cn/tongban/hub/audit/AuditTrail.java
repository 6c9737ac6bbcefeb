package cn.tongban.hub.audit;

/**
 * Where the hub records what it did. {@link #append} returns once the entry is committed in the chain (or,
 * with the store down, after a bounded wait during which the entry stays queued); it never throws into the
 * caller's flow: an exchange that has stored a message must not be undone by its audit.
 */
@FunctionalInterface
public interface AuditTrail {
    /** Records nothing: for code run without a store (tools, unit tests). */
    AuditTrail NONE = e -> {
    };

    void append(AuditEvent event);

    /**
     * Appends {@code event} inside the store transaction the calling thread holds, so that the entry commits with
     * the write it records and only with it: an accepted, sent or delivered message and its entry are one commit,
     * neither without the other, and the entry costs no commit of its own. Unlike {@link #append}, a failure here
     * fails that write (the caller's exchange answers as for a store failure). Outside a transaction on the
     * trail's store it is {@link #append}.
     */
    default void appendInCommit(AuditEvent event) {
        append(event);
    }

    /**
     * How many messages this hub refused, by refusal code, as the trail recorded them (each REFUSED entry's detail
     * starts with its code). Empty where nothing is kept.
     */
    default java.util.Map<String, Long> refusalsByCode() {
        return java.util.Map.of();
    }
}
