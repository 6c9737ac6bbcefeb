package cn.tongban.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Accepted messages: the de-duplication store of TEP-1 §4 step 9 and the durable copy of step 12. */
public class InboundStore {
    private static final String COLUMNS = "from_node, message_id, type, conv, svc, ref, from_org, cty, iat, exp, raw, "
            + "plaintext, receipt, received_at, handed_over_at";
    /** The same columns without the message bytes, the plaintext and the receipt: for search results. */
    private static final String SUMMARY_COLUMNS = COLUMNS.replace("raw, ", "NULL, ").replace("plaintext, receipt", "NULL, NULL");
    /**
     * The same columns without the message bytes and the receipt: what a hand-over puts on the queue is the plaintext
     * and the header's fields. On PostgreSQL both are TOASTed (compressed out of line) and were read back and
     * decompressed for every message handed over, for nothing.
     */
    private static final String HANDOVER_COLUMNS = COLUMNS.replace("raw, ", "NULL, ").replace("plaintext, receipt", "plaintext, NULL");
    private static final RowMapper<InboundRecord> ROW = InboundStore::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate oneCommit;
    /** Where {@link #insert} commits: with other writes of the moment, or alone ({@link GroupCommit#direct}). */
    private final GroupCommit group;

    public InboundStore(JdbcTemplate jdbc) {
        this(jdbc, GroupCommit.direct(jdbc));
    }

    /** @param group the group commit {@link #insert} goes through */
    public InboundStore(JdbcTemplate jdbc, GroupCommit group) {
        this.jdbc = jdbc;
        this.group = group;
        DataSourceTransactionManager tm = new DataSourceTransactionManager(jdbc.getDataSource());
        // No transaction synchronization: while handOverBatch holds its rows, the broker sends must commit on their
        // own, before the rows are marked. With synchronization on, Spring binds a transacted JMS session to this
        // store transaction and every JmsTemplate on the same connection factory (Camel's too) sends into it, to be
        // committed only after the store commit; when that late commit failed (a duplicate among the messages),
        // the rows were marked and the messages lost — CrashRecoveryIT lost 47 that way after a receiver restart.
        tm.setTransactionSynchronization(DataSourceTransactionManager.SYNCHRONIZATION_NEVER);
        this.oneCommit = new TransactionTemplate(tm);
    }

    /** The receipt already given for ({@code fromNode}, {@code messageId}), if this message was accepted before. */
    public Optional<byte[]> receiptFor(String fromNode, String messageId) {
        List<byte[]> r = jdbc.query("SELECT receipt FROM inbound_message WHERE from_node = ? AND message_id = ?",
                (rs, i) -> rs.getBytes(1), fromNode, messageId);
        return r.stream().findFirst();
    }

    /**
     * Stores an accepted message with its receipt, committed when this returns.
     *
     * @return the receipt now on record: {@code r.receipt()}, or the first receipt when the same message was
     *         stored concurrently (a duplicate is answered with the original receipt, step 9)
     */
    public byte[] insert(InboundRecord r) {
        return insert(r, () -> {
        });
    }

    /**
     * {@link #insert(InboundRecord)}, running {@code ifInserted} in the same transaction once the row is in:
     * statements that must commit with the message and only with it (the audit trail's entry that it was
     * accepted); not run for a duplicate.
     */
    public byte[] insert(InboundRecord r, Runnable ifInserted) {
        try {
            group.execute(j -> {
                j.update("INSERT INTO inbound_message (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        r.fromNode(), r.messageId(), r.type(), r.conv(), r.svc(), r.ref(), r.fromOrg(), r.cty(), r.iat(),
                        r.exp(), r.raw(), r.plaintext(), r.receipt(), r.receivedAt(), r.handedOverAt());
                ifInserted.run();
                return null;
            });
            return r.receipt();
        } catch (DuplicateKeyException e) {
            return receiptFor(r.fromNode(), r.messageId()).orElseThrow(() -> e);
        }
    }

    public Optional<InboundRecord> find(String fromNode, String messageId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inbound_message WHERE from_node = ? AND message_id = ?", ROW,
                fromNode, messageId).stream().findFirst();
    }

    /** Accepted messages not yet on their broker queue, oldest first. */
    public List<InboundRecord> awaitingHandover(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inbound_message WHERE handed_over_at IS NULL "
                + "ORDER BY received_at FETCH FIRST " + limit + " ROWS ONLY", ROW);
    }

    /** How many accepted messages wait for their hand-over to the routes (the index on handed_over_at answers it). */
    public long awaitingHandoverCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE handed_over_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

    /** What names an accepted message: its sender and its id (the de-duplication key of step 9). */
    public record Key(String fromNode, String messageId) {
    }

    /**
     * Hands over the oldest accepted messages not yet handed over (at most {@code limit}) and marks them, in one
     * store transaction that holds their rows meanwhile ({@code FOR UPDATE SKIP LOCKED}): a relay of another
     * instance sharing this store skips rows one holds, so two instances never hand over the same message at
     * once. (Artemis' duplicate detection drops a repeat that comes after the first is committed, e.g. after a
     * crash between hand-over and mark; two transactions sending the same id at the same time both got through
     * in ScaleOutIT before this.) If {@code handOver} throws, nothing is marked. The records it is given carry the
     * plaintext and the header's fields, not the message bytes nor the receipt (both null).
     *
     * <p>This is the relay's sweep, not its hot path ({@link #handOver(List, Consumer, OffsetDateTime)}):
     * on PostgreSQL every mark leaves the row's old version, and its {@code handed_over_at IS NULL} index entry,
     * behind until a vacuum, and this scan reads them all — 12,736 such entries and 1,358 heap pages to find 7 rows,
     * 6.7 ms a scan, after some 13,000 messages of {@code bench exchange --store postgresql} (docs/benchmarks.md).
     *
     * @return how many were handed over
     */
    public int handOverBatch(int limit, Consumer<List<InboundRecord>> handOver, OffsetDateTime at) {
        return handOver("handed_over_at IS NULL ORDER BY received_at FETCH FIRST " + limit + " ROWS ONLY", new Object[0],
                handOver, at);
    }

    /**
     * The same for the messages named, those of them not yet handed over: the relay's hot path, for what this
     * instance has just accepted. Read by primary key, so its cost does not grow with what earlier marks left.
     */
    public int handOver(List<Key> keys, Consumer<List<InboundRecord>> handOver, OffsetDateTime at) {
        if (keys.isEmpty()) {
            return 0;
        }
        Object[] args = new Object[keys.size() * 2];
        for (int i = 0; i < keys.size(); i++) {
            args[2 * i] = keys.get(i).fromNode();
            args[2 * i + 1] = keys.get(i).messageId();
        }
        // a row-value IN list: both engines read it through the primary key (an OR of pairs, H2 through the
        // handed_over_at index instead, every waiting row)
        String rows = String.join(", ", Collections.nCopies(keys.size(), "(?, ?)"));
        return handOver("(from_node, message_id) IN (" + rows + ") AND handed_over_at IS NULL ORDER BY received_at", args,
                handOver, at);
    }

    private int handOver(String where, Object[] args, Consumer<List<InboundRecord>> handOver, OffsetDateTime at) {
        Integer n = oneCommit.execute(tx -> {
            List<InboundRecord> batch = jdbc.query("SELECT " + HANDOVER_COLUMNS + " FROM inbound_message WHERE " + where
                    + " FOR UPDATE SKIP LOCKED", ROW, args);
            if (batch.isEmpty()) {
                return 0;
            }
            handOver.accept(batch);
            markHandedOver(batch, at); // joins this transaction: the rows stay held until it commits
            return batch.size();
        });
        return n == null ? 0 : n;
    }

    /** Marks a batch handed over, in one commit (or in the caller's transaction, which it joins). */
    public void markHandedOver(List<InboundRecord> batch, OffsetDateTime at) {
        oneCommit.executeWithoutResult(tx -> jdbc.batchUpdate(
                "UPDATE inbound_message SET handed_over_at = ? WHERE from_node = ? AND message_id = ? AND handed_over_at IS NULL",
                batch.stream().map(r -> new Object[] {at, r.fromNode(), r.messageId()}).toList()));
    }

    public void markHandedOver(String fromNode, String messageId, OffsetDateTime at) {
        jdbc.update("UPDATE inbound_message SET handed_over_at = ? WHERE from_node = ? AND message_id = ? "
                + "AND handed_over_at IS NULL", at, fromNode, messageId);
    }

    /** The latest accepted messages, newest last. */
    public List<InboundRecord> recent(int limit) {
        List<InboundRecord> r = new java.util.ArrayList<>(jdbc.query("SELECT " + COLUMNS
                + " FROM inbound_message ORDER BY received_at DESC FETCH FIRST " + limit + " ROWS ONLY", ROW));
        java.util.Collections.reverse(r);
        return r;
    }

    /** Accepted messages matching {@code q} (status ACCEPTED: not yet handed over; HANDED_OVER), newest first, without their bytes. */
    public Page<InboundRecord> search(MessageSearch q) {
        SqlFilter f = new SqlFilter().eq("from_node", q.partner()).eq("type", q.type())
                .atLeast("received_at", q.from()).before("received_at", q.to()).eq("conv", q.conv());
        if ("ACCEPTED".equals(q.status())) {
            f.add("handed_over_at IS NULL");
        } else if ("HANDED_OVER".equals(q.status())) {
            f.add("handed_over_at IS NOT NULL");
        } else if (q.status() != null) {
            return new Page<>(List.of(), 0);
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message" + f.sql(), Long.class, f.args());
        List<InboundRecord> rows = jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM inbound_message" + f.sql()
                + " ORDER BY received_at DESC, from_node, message_id OFFSET " + q.offset() + " ROWS FETCH FIRST " + q.limit()
                + " ROWS ONLY", ROW, f.args());
        return new Page<>(rows, total == null ? 0 : total);
    }

    /** Accepted messages per sender, for the operator's dashboard. */
    public java.util.Map<String, Long> countsByPartner() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        jdbc.query("SELECT from_node, COUNT(*) FROM inbound_message GROUP BY from_node",
                rs -> { m.put(rs.getString(1), rs.getLong(2)); });
        return m;
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Long.class);
        return n == null ? 0 : n;
    }

    private static InboundRecord map(ResultSet rs, int i) throws SQLException {
        return new InboundRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                rs.getObject(10, OffsetDateTime.class), rs.getBytes(11), rs.getBytes(12), rs.getBytes(13),
                rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class));
    }
}
