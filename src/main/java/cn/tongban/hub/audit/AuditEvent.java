package cn.tongban.hub.audit;

import cn.tongban.hub.cases.PersonalData;

/**
 * One thing to record, before it has a place in the chain. Its texts are masked here, whatever the caller
 * passes: anything shaped like an ID number is masked ({@link PersonalData#maskIdNumbersIn}), and each text is
 * cut to its column's size. Callers put ids, codes and nodes in it, never bodies or names.
 *
 * @param actor   who caused it: a node code, {@code operator}, {@code directory}, {@code api}
 * @param subject what it is about: a message id ({@code from/id} for inbound), a directory version
 * @param detail  type, codes, peers, the outcome: never a body
 */
public record AuditEvent(AuditKind kind, String actor, String subject, String detail) {
    public static final int MAX_ACTOR = 128;
    public static final int MAX_SUBJECT = 256;
    public static final int MAX_DETAIL = 2000;

    public AuditEvent {
        if (kind == null) {
            throw new IllegalArgumentException("an audit event needs a kind");
        }
        actor = clean(actor, MAX_ACTOR);
        subject = clean(subject, MAX_SUBJECT);
        detail = clean(detail, MAX_DETAIL);
    }

    private static String clean(String s, int max) {
        if (s == null) {
            return "";
        }
        String masked = PersonalData.maskIdNumbersIn(s);
        // control characters would make the printed trail ambiguous
        StringBuilder b = new StringBuilder(Math.min(masked.length(), max));
        masked.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.length() <= max ? b.toString() : b.substring(0, max - 1) + "…";
    }

    /** A message accepted from {@code from}. */
    public static AuditEvent accepted(String from, String messageId, String type, String conv) {
        return new AuditEvent(AuditKind.ACCEPTED, from, from + "/" + messageId, "type=" + type + " conv=" + conv);
    }

    /** A message refused; {@code from} and {@code messageId} may be null when the header could not be read. */
    public static AuditEvent refused(String from, String messageId, String code, String reason) {
        return new AuditEvent(AuditKind.REFUSED, from == null ? "-" : from,
                from == null || messageId == null ? "-" : from + "/" + messageId, code + ": " + reason);
    }

    /** A message stored and queued for {@code to}. */
    public static AuditEvent sent(String self, String messageId, String to, String type, String conv) {
        return new AuditEvent(AuditKind.SENT, self, messageId, "to=" + to + " type=" + type + " conv=" + conv);
    }

    public static AuditEvent attemptFailed(String self, String messageId, String to, int attempt, Integer httpStatus) {
        return new AuditEvent(AuditKind.ATTEMPT_FAILED, self, messageId,
                "to=" + to + " attempt=" + attempt + (httpStatus == null ? " no answer" : " http=" + httpStatus));
    }

    public static AuditEvent receiptVerified(String to, String messageId, int attempt, String receiptId) {
        return new AuditEvent(AuditKind.RECEIPT_VERIFIED, to, messageId, "attempt=" + attempt + " receipt=" + receiptId);
    }

    public static AuditEvent dead(String self, String messageId, String to, int attempts, Integer httpStatus, String reason) {
        return new AuditEvent(AuditKind.DEAD, self, messageId, "to=" + to + " attempts=" + attempts
                + (httpStatus == null ? "" : " http=" + httpStatus) + " " + reason);
    }

    /** A dead message sent again as {@code newId}, at the request of {@code actor} (e.g. the API's caller). */
    public static AuditEvent resent(String actor, String deadMessageId, String newId) {
        return new AuditEvent(AuditKind.RESENT, actor, deadMessageId, "as=" + newId);
    }

    /** A directory put in force; {@code previous} -1 when none was. */
    public static AuditEvent directoryChanged(long version, long previous, int nodes, String sm3) {
        return new AuditEvent(AuditKind.DIRECTORY_CHANGED, "directory", "version " + version,
                "previous=" + (previous < 0 ? "none" : previous) + " nodes=" + nodes + " sm3=" + sm3);
    }

    public static AuditEvent configurationChanged(String node, String digest, String changedKeys) {
        return new AuditEvent(AuditKind.CONFIGURATION_CHANGED, "operator", "node " + node,
                "sm3=" + digest + " changed: " + changedKeys);
    }
}
