package cn.tongban.hub.store;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The receiving routes' idempotency record. The broker delivers a handed-over message at least once: a hub
 * killed after a route did its work but before the broker saw the acknowledgement gets the message again.
 * A route asks {@link #firstHandling} before its work; when that work is a write to this store in the same
 * transaction as the ledger row, the message is handled exactly once. Routes call it from YAML as the bean
 * {@code handlingLedger}, e.g. in a {@code filter} on
 * {@code firstHandling('my-route', ${header.tepFrom}, ${header.tepId})}.
 */
public class HandlingLedger {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public HandlingLedger(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records that {@code route} handles message ({@code fromNode}, {@code messageId}).
     *
     * @return true the first time; false for a redelivery, which is counted and should be acknowledged unhandled
     */
    public boolean firstHandling(String route, String fromNode, String messageId) {
        try {
            jdbc.update("INSERT INTO handling_ledger (route, from_node, message_id, handled_at) VALUES (?,?,?,?)",
                    route, fromNode, messageId, OffsetDateTime.now(clock));
            return true;
        } catch (DuplicateKeyException e) {
            jdbc.update("UPDATE handling_ledger SET redeliveries = redeliveries + 1 WHERE route = ? AND from_node = ? AND message_id = ?",
                    route, fromNode, messageId);
            return false;
        }
    }

    /** Messages {@code route} has handled. */
    public long handled(String route) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM handling_ledger WHERE route = ?", Long.class, route);
    }

    /** Deliveries to {@code route} that the ledger turned away as already handled. */
    public long redeliveries(String route) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(redeliveries), 0) FROM handling_ledger WHERE route = ?", Long.class, route);
    }
}
