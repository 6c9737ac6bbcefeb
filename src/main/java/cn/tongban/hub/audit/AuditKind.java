package cn.tongban.hub.audit;

/** What an audit entry records. */
public enum AuditKind {
    /** A message accepted and stored (TEP-1 §4 step 12); actor: the sending node. */
    ACCEPTED,
    /** A message refused with a §4 code (or over the size limit); actor: the sending node when known. */
    REFUSED,
    /** A message sealed, stored and queued for delivery; actor: this node. */
    SENT,
    /** A delivery attempt that failed and will be retried; actor: this node. */
    ATTEMPT_FAILED,
    /** The peer's receipt verified: the message is delivered; actor: the receiving node. */
    RECEIPT_VERIFIED,
    /** A message ended dead (refused by the peer, or expired); actor: this node. */
    DEAD,
    /** A dead message sent again as a new message; actor: whoever asked for it. */
    RESENT,
    /** A new federation directory in force; actor: the directory source. */
    DIRECTORY_CHANGED,
    /** The effective {@code tongban.*} configuration differs from the one last recorded; actor: the operator. */
    CONFIGURATION_CHANGED
}
