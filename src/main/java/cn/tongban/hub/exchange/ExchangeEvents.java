package cn.tongban.hub.exchange;

import java.time.Duration;

import cn.tongban.hub.protocol.RefusalCode;

/**
 * What the exchange tells the hub's monitoring (package {@code ops} counts it as metrics), so that the exchange
 * itself knows nothing of a metrics library. Every method runs on the thread doing the work (a request thread,
 * a delivery consumer), after the store has committed what it reports: it must return at once and must not
 * throw. Nodes and types are ones the directory lists or a verified header carries, never unverified input.
 */
public interface ExchangeEvents {
    /** The hub that reports nothing. */
    ExchangeEvents NONE = new ExchangeEvents() {
    };

    /** How one delivery attempt ended. */
    enum AttemptOutcome { DELIVERED, RETRY, DEAD }

    /** A message from {@code fromNode} was accepted and stored (step 12); {@code duplicate}: it had been before. */
    default void accepted(String fromNode, String type, boolean duplicate) {
    }

    /**
     * This hub refused a message (TEP-1 §4) with {@code code}. {@code fromNode} is the sender once its signature
     * and certificate have verified (steps 10-11), else null: an unverified header names no one.
     */
    default void refused(String fromNode, RefusalCode code) {
    }

    /** A message to {@code toNode} was stored and queued for delivery. */
    default void submitted(String toNode, String type) {
    }

    /** One delivery attempt to {@code toNode} ended with {@code outcome}. */
    default void attempted(String toNode, String type, AttemptOutcome outcome) {
    }

    /** A message's receipt verified, {@code sinceSubmit} after it was submitted. */
    default void delivered(String toNode, String type, Duration sinceSubmit) {
    }

    /**
     * The peer refused a message (a 4xx other than 408 and 429), with its problem's {@code code}: a TEP-1 §4 code,
     * or {@code HTTP_<status>} when the answer carries none of them.
     */
    default void refusedByPeer(String toNode, String type, String code) {
    }

    /** A message ended dead: refused by its peer, or expired while undeliverable. */
    default void dead(String toNode, String type) {
    }
}
