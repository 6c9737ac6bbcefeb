package cn.tongban.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Outbound messages and their delivery attempts (TEP-1 §7). */
public class OutboundStore {
    private static final String COLUMNS = "message_id, to_node, type, conv, svc, ref, cty, to_org, plaintext, sealed, encrypted, digest, status, attempts, "
            + "created_at, exp, next_attempt_at, last_attempt_at, delivered_at, last_error, problem, receipt, resent_from";
    /** The same columns without the message bytes, the plaintext and the receipt: for search results. */
    private static final String SUMMARY_COLUMNS = COLUMNS.replace("plaintext, sealed", "NULL, NULL").replace("receipt", "NULL");
    private static final RowMapper<OutboundRecord> ROW = OutboundStore::map;

    private final JdbcTemplate jdbc;
    /**
     * Where every write commits: with other writes of the moment, or alone ({@link GroupCommit#direct}). An attempt's
     * record and the message's new state are one write: one commit, and never one without the other.
     */
    private final GroupCommit group;

    private static final Runnable NOTHING = () -> {
    };

    public OutboundStore(JdbcTemplate jdbc) {
        this(jdbc, GroupCommit.direct(jdbc));
    }

    /** @param group the group commit every write goes through */
    public OutboundStore(JdbcTemplate jdbc, GroupCommit group) {
        this.jdbc = jdbc;
        this.group = group;
    }

    /** Stores a new message, due at once. */
    public void insert(OutboundRecord r) {
        insert(r, NOTHING);
    }

    /**
     * Stores a new message, due at once, and runs {@code sameCommit} in the same transaction after it: statements
     * that must commit with the message and only with it (the audit trail's entry that it was sent).
     */
    public void insert(OutboundRecord r, Runnable sameCommit) {
        insert(r, null, sameCommit);
    }

    /**
     * Stores a new message already held for its first attempt by this instance until {@code leaseUntil}, as a
     * {@link #claim} would: the attempt that follows at once needs no claim of its own (one commit less per message),
     * and no other consumer or instance takes the message before the lease ends.
     */
    public void insertHeld(OutboundRecord r, OffsetDateTime leaseUntil, Runnable sameCommit) {
        insert(r, leaseUntil, sameCommit);
    }

    private void insert(OutboundRecord r, OffsetDateTime leaseUntil, Runnable sameCommit) {
        group.execute(j -> {
            j.update("INSERT INTO outbound_message (" + COLUMNS + ", lease_until) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.messageId(), r.toNode(), r.type(), r.conv(), r.svc(), r.ref(), r.cty(), r.toOrg(), r.plaintext(),
                r.sealed(), r.encrypted(), r.digest(),
                r.status().name(), r.attempts(), r.createdAt(), r.exp(), r.nextAttemptAt(), r.lastAttemptAt(),
                r.deliveredAt(), r.lastError(), r.problem(), r.receipt(), r.resentFrom(), leaseUntil);
            sameCommit.run();
            return null;
        });
    }

    public Optional<OutboundRecord> find(String messageId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbound_message WHERE message_id = ?", ROW, messageId)
                .stream().findFirst();
    }

    /**
     * Takes the message for one attempt: only a PENDING message that is due and whose lease is free, so that
     * two consumers (or two instances) never attempt the same message at once, and a stray queue entry never
     * cuts a back-off short (an early one is put back for the due time: {@code DeliveryWorker#attempt}).
     */
    public boolean claim(String messageId, OffsetDateTime now, OffsetDateTime leaseUntil) {
        return group.execute(j -> j.update("UPDATE outbound_message SET lease_until = ? WHERE message_id = ? AND status = 'PENDING' "
                + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", leaseUntil, messageId, now, now)) == 1;
    }

    /**
     * Moves the lease this instance holds on a PENDING message from {@code heldUntil} to {@code until} (null: gives it
     * up); false if the message is no longer held under {@code heldUntil} (the lease ran out and another attempt took
     * it, or it ended).
     */
    public boolean renewHold(String messageId, OffsetDateTime heldUntil, OffsetDateTime until) {
        return group.execute(j -> j.update("UPDATE outbound_message SET lease_until = ? WHERE message_id = ? AND status = 'PENDING' "
                + "AND lease_until = ?", until, messageId, heldUntil)) == 1;
    }

    /** Gives up the lease {@link #insertHeld} took, if it is still that one: the message is free for any consumer. */
    public void releaseHold(String messageId, OffsetDateTime heldUntil) {
        renewHold(messageId, heldUntil, null);
    }

    /**
     * When {@code messageId} is next due, if it is PENDING, no attempt holds it and that is after {@code now}: the
     * instant an early queue entry is put back for (one row by its key, none of the message's bytes).
     */
    public Optional<OffsetDateTime> dueLater(String messageId, OffsetDateTime now) {
        return jdbc.query("SELECT next_attempt_at FROM outbound_message WHERE message_id = ? AND status = 'PENDING' "
                + "AND next_attempt_at > ? AND (lease_until IS NULL OR lease_until < ?)",
                (rs, i) -> rs.getObject(1, OffsetDateTime.class), messageId, now, now).stream().findFirst();
    }

    private static void recordAttempt(JdbcTemplate jdbc, DeliveryAttempt a) {
        jdbc.update("INSERT INTO delivery_attempt (message_id, attempt, at, http_status, outcome, detail) VALUES (?,?,?,?,?,?)",
                a.messageId(), a.attempt(), a.at(), a.httpStatus(), a.outcome(), truncate(a.detail(), 2000));
    }

    public List<DeliveryAttempt> attempts(String messageId) {
        return jdbc.query("SELECT message_id, attempt, at, http_status, outcome, detail FROM delivery_attempt "
                        + "WHERE message_id = ? ORDER BY id",
                (rs, i) -> new DeliveryAttempt(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class),
                        (Integer) rs.getObject(4), rs.getString(5), rs.getString(6)), messageId);
    }

    /**
     * The attempt that got a verified receipt, and the message DELIVERED with that receipt, in one commit, with
     * {@code sameCommit} (the audit entry that records it).
     */
    public void markDelivered(DeliveryAttempt a, byte[] receipt, Runnable sameCommit) {
        group.execute(j -> {
            recordAttempt(j, a);
            sameCommit.run();
            return j.update("UPDATE outbound_message SET status = 'DELIVERED', attempts = ?, receipt = ?, delivered_at = ?, "
                    + "last_attempt_at = ?, lease_until = NULL, last_error = NULL WHERE message_id = ?",
                    a.attempt(), receipt, a.at(), a.at(), a.messageId());
        });
    }

    /** The failed attempt, and the message due again at {@code next}, in one commit, with {@code sameCommit}. */
    public void scheduleRetry(DeliveryAttempt a, OffsetDateTime next, Runnable sameCommit) {
        group.execute(j -> {
            recordAttempt(j, a);
            sameCommit.run();
            return j.update("UPDATE outbound_message SET attempts = ?, last_attempt_at = ?, next_attempt_at = ?, lease_until = NULL, "
                    + "last_error = ? WHERE message_id = ?", a.attempt(), a.at(), next, truncate(a.detail(), 2000), a.messageId());
        });
    }

    /**
     * The message DEAD, with the attempt that ended it if there was one ({@code a} may be null), in one commit, with
     * {@code sameCommit}.
     */
    public void markDead(String messageId, DeliveryAttempt a, int attempts, OffsetDateTime at, String error, String problem,
                         Runnable sameCommit) {
        group.execute(j -> {
            if (a != null) {
                recordAttempt(j, a);
            }
            sameCommit.run();
            return j.update("UPDATE outbound_message SET status = 'DEAD', attempts = ?, last_attempt_at = ?, lease_until = NULL, "
                    + "last_error = ?, problem = ? WHERE message_id = ?", attempts, at, truncate(error, 2000), truncate(problem, 8000), messageId);
        });
    }

    /** PENDING messages due by {@code now} and not leased: what the sweeper puts back on the queue. */
    public List<String> due(OffsetDateTime now, int limit) {
        return due(now, now, limit);
    }

    /**
     * PENDING messages due by {@code dueBy} whose lease (if any) ended by {@code now}: the sweep's grace applies to
     * the due time (an entry merely waiting in a busy queue), not to a lease, whose end already says that the attempt
     * holding it is over or lost (a lease outlasts an attempt: connect and request timeouts).
     */
    public List<String> due(OffsetDateTime dueBy, OffsetDateTime now, int limit) {
        return jdbc.queryForList("SELECT message_id FROM outbound_message WHERE status = 'PENDING' AND next_attempt_at <= ? "
                + "AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at FETCH FIRST " + limit + " ROWS ONLY",
                String.class, dueBy, now);
    }

    public List<OutboundRecord> byStatus(OutboundStatus status, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbound_message WHERE status = ? ORDER BY created_at FETCH FIRST "
                + limit + " ROWS ONLY", ROW, status.name());
    }

    /** The latest outbound messages, newest last. */
    public List<OutboundRecord> recent(int limit) {
        List<OutboundRecord> r = new java.util.ArrayList<>(jdbc.query("SELECT " + COLUMNS
                + " FROM outbound_message ORDER BY created_at DESC, message_id FETCH FIRST " + limit + " ROWS ONLY", ROW));
        java.util.Collections.reverse(r);
        return r;
    }

    public long count(OutboundStatus status) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message WHERE status = ?", Long.class, status.name());
        return n == null ? 0 : n;
    }

    /** Messages matching {@code q}, newest first, without their bytes. */
    public Page<OutboundRecord> search(MessageSearch q) {
        SqlFilter f = new SqlFilter().eq("to_node", q.partner()).eq("type", q.type()).eq("status", q.status())
                .atLeast("created_at", q.from()).before("created_at", q.to()).eq("conv", q.conv());
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message" + f.sql(), Long.class, f.args());
        List<OutboundRecord> rows = jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM outbound_message" + f.sql()
                + " ORDER BY created_at DESC, message_id OFFSET " + q.offset() + " ROWS FETCH FIRST " + q.limit() + " ROWS ONLY",
                ROW, f.args());
        return new Page<>(rows, total == null ? 0 : total);
    }

    /** The message that resent {@code messageId}, if it was resent (there is at most one: a unique index). */
    public Optional<String> resendOf(String messageId) {
        return jdbc.queryForList("SELECT message_id FROM outbound_message WHERE resent_from = ?", String.class, messageId)
                .stream().findFirst();
    }

    /** Records which operator account resent a message as {@code resendId}. */
    public void recordResender(String resendId, String account) {
        jdbc.update("UPDATE outbound_message SET resent_by = ? WHERE message_id = ?", truncate(account, 128), resendId);
    }

    /** The operator account that made {@code messageId} as a resend, if one did. */
    public Optional<String> resender(String messageId) {
        return jdbc.queryForList("SELECT resent_by FROM outbound_message WHERE message_id = ? AND resent_by IS NOT NULL",
                String.class, messageId).stream().findFirst();
    }

    /** Messages per recipient and status, for the operator's dashboard. */
    public List<PartnerCount> countsByPartner() {
        return jdbc.query("SELECT to_node, status, COUNT(*) FROM outbound_message GROUP BY to_node, status ORDER BY to_node, status",
                (rs, i) -> new PartnerCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    /** Attempts after a message's first: how often the hub had to try again. */
    public long retries() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery_attempt WHERE attempt > 1", Long.class);
        return n == null ? 0 : n;
    }

    /** The problem details peers refused dead messages with (newest first, at most {@code limit}). */
    public List<String> refusals(int limit) {
        return jdbc.queryForList("SELECT problem FROM outbound_message WHERE status = 'DEAD' AND problem IS NOT NULL "
                + "ORDER BY last_attempt_at DESC FETCH FIRST " + limit + " ROWS ONLY", String.class);
    }

    /** A count of messages to or from one peer in one status. */
    public record PartnerCount(String partner, String status, long count) {
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static OutboundRecord map(ResultSet rs, int i) throws SQLException {
        return new OutboundRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10), rs.getBoolean(11),
                rs.getString(12), OutboundStatus.valueOf(rs.getString(13)), rs.getInt(14),
                rs.getObject(15, OffsetDateTime.class), rs.getObject(16, OffsetDateTime.class),
                rs.getObject(17, OffsetDateTime.class), rs.getObject(18, OffsetDateTime.class),
                rs.getObject(19, OffsetDateTime.class), rs.getString(20), rs.getString(21), rs.getBytes(22), rs.getString(23));
    }
}
