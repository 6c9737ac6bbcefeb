package cn.tongban.hub.adapters.pull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The pulls' bookkeeping: {@code pulled_record} and {@code pull_checkpoint} (db/migration/V3__pulls.sql). */
public class PullStore {
    public static final String SUBMITTED = "SUBMITTED";
    public static final String PENDING = "PENDING";

    /** A row of {@code pulled_record}. */
    public record PulledRecord(String pullName, String recordKey, String caseId, String outcome, String messageId,
                               OffsetDateTime pulledAt) {
    }

    private final JdbcTemplate jdbc;

    public PullStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** The outcome recorded for this key, if the pull took it before. */
    public Optional<String> outcome(String pull, String key) {
        return jdbc.queryForList("SELECT outcome FROM pulled_record WHERE pull_name = ? AND record_key = ?", String.class,
                pull, key).stream().findFirst();
    }

    /** Takes the record. @throws DuplicateKeyException when it was already taken (by a concurrent run) */
    public void insert(String pull, String key, String caseId, String outcome, String messageId, OffsetDateTime at) {
        jdbc.update("INSERT INTO pulled_record (pull_name, record_key, case_id, outcome, message_id, pulled_at) VALUES (?,?,?,?,?,?)",
                pull, key, caseId, outcome, messageId, at);
    }

    public void markSubmitted(String pull, String key, String messageId, OffsetDateTime at) {
        jdbc.update("UPDATE pulled_record SET outcome = ?, message_id = ?, pulled_at = ? WHERE pull_name = ? AND record_key = ?",
                SUBMITTED, messageId, at, pull, key);
    }

    public void setMessageId(String pull, String key, String messageId) {
        jdbc.update("UPDATE pulled_record SET message_id = ? WHERE pull_name = ? AND record_key = ?", messageId, pull, key);
    }

    public Optional<String> checkpoint(String pull) {
        return jdbc.queryForList("SELECT last_key FROM pull_checkpoint WHERE pull_name = ?", String.class, pull)
                .stream().findFirst();
    }

    /** Update, else insert: MERGE/ON CONFLICT are spelled differently by H2 and PostgreSQL. */
    public void saveCheckpoint(String pull, String key, OffsetDateTime at) {
        if (jdbc.update("UPDATE pull_checkpoint SET last_key = ?, updated_at = ? WHERE pull_name = ?", key, at, pull) == 0) {
            jdbc.update("INSERT INTO pull_checkpoint (pull_name, last_key, updated_at) VALUES (?,?,?)", pull, key, at);
        }
    }

    public List<PulledRecord> records(String pull) {
        return jdbc.query("SELECT pull_name, record_key, case_id, outcome, message_id, pulled_at FROM pulled_record "
                        + "WHERE pull_name = ? ORDER BY record_key",
                (rs, i) -> new PulledRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class)), pull);
    }

    public long count(String pull, String outcome) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM pulled_record WHERE pull_name = ? AND outcome = ?", Long.class,
                pull, outcome);
        return n == null ? 0 : n;
    }
}
