package cn.tongban.hub.handling;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseSubmission;

/** Cases this hub took part in and their status history. */
public class CaseRegistry {
    /** Which side of the case this hub is on. */
    public enum Role { RECEIVING, HANDLING }

    /**
     * One case as this hub knows it. {@code acceptedAt}: its first acceptance (受理), where its time limit starts;
     * {@code finishedAt}: its first decision (办结: approved or rejected) or delivery, where the limit stops; null
     * until then.
     */
    public record CaseRecord(String caseId, Role role, String serviceItemCode, String peerNode, String state,
                             int promisedWorkingDays, OffsetDateTime submittedAt, OffsetDateTime updatedAt,
                             OffsetDateTime acceptedAt, OffsetDateTime finishedAt) {
    }

    /** The states that start a case's time limit (受理, 容缺受理). */
    static final Set<String> ACCEPTING = Set.of(CaseState.ACCEPTED.code(), CaseState.ACCEPTED_PENDING_MATERIALS.code());
    /** The states that stop it (办结: decided either way, or already delivered). */
    static final Set<String> FINISHING = Set.of(CaseState.APPROVED.code(), CaseState.REJECTED.code(), CaseState.DELIVERED.code());
    private static final String COLUMNS = "case_id, role, service_item_code, peer_node, state, promised_working_days, submitted_at, "
            + "updated_at, accepted_at, finished_at";
    private static final org.springframework.jdbc.core.RowMapper<CaseRecord> ROW = (rs, i) -> new CaseRecord(rs.getString(1),
            Role.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
            rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
            rs.getObject(10, OffsetDateTime.class));

    /** One status change. */
    public record Event(String state, String reasons, String messageId, OffsetDateTime at) {
    }

    private final JdbcTemplate jdbc;

    public CaseRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a case the first time this hub sees it in {@code role}; a repeat changes nothing. */
    public boolean open(CaseSubmission c, Role role, String peerNode, String messageId, OffsetDateTime at) {
        try {
            jdbc.update("INSERT INTO case_record (case_id, role, service_item_code, service_mode, receiving_region, handling_regions, "
                            + "peer_node, state, promised_working_days, submitted_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    c.caseId(), role.name(), c.serviceItemCode(), c.mode().code(), c.receivingRegion(),
                    String.join(",", c.handlingRegions()), peerNode, CaseState.RECEIVED.code(), c.promisedWorkingDays(),
                    c.submittedAt() == null ? at : c.submittedAt(), at);
        } catch (DuplicateKeyException e) {
            return false;
        }
        event(c.caseId(), role, CaseState.RECEIVED.code(), null, messageId, at);
        return true;
    }

    /** Records a status change (a state of {@link CaseState}, or a hub-side one such as {@code licence-checked}). */
    public void status(String caseId, Role role, String state, List<String> reasons, String messageId, OffsetDateTime at) {
        jdbc.update("UPDATE case_record SET state = ?, updated_at = ? WHERE case_id = ? AND role = ?", state, at, caseId, role.name());
        // the first acceptance and the first decision count: a repeated status moves neither
        if (ACCEPTING.contains(state)) {
            jdbc.update("UPDATE case_record SET accepted_at = ? WHERE case_id = ? AND role = ? AND accepted_at IS NULL", at, caseId, role.name());
        } else if (FINISHING.contains(state)) {
            jdbc.update("UPDATE case_record SET finished_at = ? WHERE case_id = ? AND role = ? AND finished_at IS NULL", at, caseId, role.name());
        }
        event(caseId, role, state, reasons == null || reasons.isEmpty() ? null : String.join("; ", reasons), messageId, at);
    }

    /** Records something about the case that does not change its state (an evaluation, a note). */
    public void note(String caseId, Role role, String what, String messageId, OffsetDateTime at) {
        event(caseId, role, what, null, messageId, at);
    }

    public Optional<CaseRecord> find(String caseId, Role role) {
        return jdbc.query("SELECT " + COLUMNS + " FROM case_record WHERE case_id = ? AND role = ?", ROW, caseId, role.name())
                .stream().findFirst();
    }

    /** The cases accepted and not yet decided: those whose time limit runs. */
    public List<CaseRecord> running() {
        return jdbc.query("SELECT " + COLUMNS + " FROM case_record WHERE finished_at IS NULL AND accepted_at IS NOT NULL "
                + "ORDER BY accepted_at, case_id, role", ROW);
    }

    public List<Event> history(String caseId, Role role) {
        return jdbc.query("SELECT state, reasons, message_id, at FROM case_event WHERE case_id = ? AND role = ? ORDER BY id",
                (rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)),
                caseId, role.name());
    }

    /**
     * What an operator searches cases by; a null field matches anything. {@code partner}: the other region's
     * node; {@code from}/{@code to}: when the case was submitted (from inclusive, to exclusive).
     */
    public record Search(String caseId, Role role, String partner, String serviceItemCode, String state,
                         OffsetDateTime from, OffsetDateTime to, int offset, int limit) {
    }

    /** One page of cases matching a search, newest first, and how many match in all. */
    public record Found(List<CaseRecord> items, long total) {
    }

    /** Cases matching {@code q}. */
    public Found search(Search q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new java.util.ArrayList<>();
        condition(where, args, "case_id = ?", q.caseId());
        condition(where, args, "role = ?", q.role() == null ? null : q.role().name());
        condition(where, args, "peer_node = ?", q.partner());
        condition(where, args, "service_item_code = ?", q.serviceItemCode());
        condition(where, args, "state = ?", q.state());
        condition(where, args, "submitted_at >= ?", q.from());
        condition(where, args, "submitted_at < ?", q.to());
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM case_record" + where, Long.class, args.toArray());
        List<CaseRecord> rows = jdbc.query("SELECT " + COLUMNS + " FROM case_record" + where
                        + " ORDER BY submitted_at DESC, case_id, role OFFSET " + Math.max(0, q.offset()) + " ROWS FETCH FIRST "
                        + Math.max(1, q.limit()) + " ROWS ONLY", ROW, args.toArray());
        return new Found(rows, total == null ? 0 : total);
    }

    private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
        if (value != null) {
            where.append(" AND ").append(sql);
            args.add(value);
        }
    }

    private void event(String caseId, Role role, String state, String reasons, String messageId, OffsetDateTime at) {
        jdbc.update("INSERT INTO case_event (case_id, role, state, reasons, message_id, at) VALUES (?,?,?,?,?,?)",
                caseId, role.name(), state, reasons == null || reasons.length() <= 4000 ? reasons : reasons.substring(0, 4000),
                messageId, at);
    }
}
