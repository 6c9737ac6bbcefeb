package cn.tongban.hub.audit;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the audit trail's chain from the store and checks its checkpoints against the node's signing
 * certificate(s), reading entries in seq order one at a time (any length of trail in constant memory, besides
 * the checkpoints). Plain JDBC: the command line runs it without Spring. Each finding names the seq it is at:
 * <ul>
 * <li>{@code EDITED}: an entry whose content no longer gives its entry_hash;</li>
 * <li>{@code INSERTED}: an entry whose prev_hash is not the hash of the entry before it (put in, or the one before
 *     replaced with a recomputed hash), or entries past the chain head the hub recorded;</li>
 * <li>{@code DELETED}: a gap in seq, a trail that ends before the chain head the hub recorded, a checkpoint whose
 *     entry is gone, a checkpoint the head records but the table lacks;</li>
 * <li>{@code REWRITTEN}: a checkpoint whose signed hash differs from its entry's (entries up to it rewritten);</li>
 * <li>{@code FORGED}: a checkpoint whose signature none of the given certificates verifies.</li>
 * </ul>
 */
public final class AuditVerifier {
    public enum FindingKind { EDITED, INSERTED, DELETED, REWRITTEN, FORGED }

    /** One thing wrong, at {@code seq}; {@link #toString} is the line the command prints. */
    public record Finding(FindingKind kind, long seq, String text) {
        @Override
        public String toString() {
            return kind + " " + text;
        }
    }

    /** What the trail holds and what is wrong with it. */
    public record Report(long entries, long lastSeq, int checkpoints, long lastCheckpointSeq, List<Finding> findings) {
        public boolean clean() {
            return findings.isEmpty();
        }
    }

    private AuditVerifier() {
    }

    /**
     * @param signers the node's signing certificates (more than one across a key change)
     * @throws SQLException also when the store has no audit trail (a store the hub has not migrated to V6)
     */
    public static Report verify(Connection c, List<X509Certificate> signers) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        long headSeq;
        String headHash;
        long headCheckpoint;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_seq, last_hash, checkpoint_seq FROM audit_head WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("the audit trail's head row is missing: the store was tampered with or not migrated");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
            headCheckpoint = rs.getLong(3);
        }
        Map<Long, AuditCheckpoint> checkpoints = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, entry_hash, at, signer, signature FROM audit_checkpoint ORDER BY seq")) {
            while (rs.next()) {
                checkpoints.put(rs.getLong(1), new AuditCheckpoint(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4),
                        rs.getBytes(5)));
            }
        }
        long count = 0;
        long prevSeq = 0;
        String prevHash = AuditEntry.GENESIS;
        Map<Long, String> seenAtCheckpoints = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, at, kind, actor, subject, detail, prev_hash, entry_hash FROM audit_entry ORDER BY seq")) {
            ps.setFetchSize(1000); // PostgreSQL streams only with autocommit off (set by the caller), else it reads all
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEntry e = new AuditEntry(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8));
                    count++;
                    long expected = prevSeq + 1;
                    if (e.seq() > expected) {
                        findings.add(new Finding(FindingKind.DELETED, expected, range(expected, e.seq() - 1) + ": deleted — "
                                + (prevSeq == 0 ? "the trail starts at seq " + e.seq() : "the trail jumps from seq " + prevSeq
                                + " to seq " + e.seq()) + (e.prevHash().equals(prevHash) ? "" : ", whose prev_hash points to a missing entry")));
                    } else if (!e.prevHash().equals(prevHash)) {
                        findings.add(new Finding(FindingKind.INSERTED, e.seq(), "seq " + e.seq() + ": inserted (or seq " + prevSeq
                                + " replaced) — its prev_hash is not the hash of seq " + prevSeq));
                    }
                    if (!e.recomputedHash().equals(e.entryHash())) {
                        findings.add(new Finding(FindingKind.EDITED, e.seq(), "seq " + e.seq()
                                + ": edited — its content does not match its entry_hash"));
                    }
                    if (checkpoints.containsKey(e.seq())) {
                        seenAtCheckpoints.put(e.seq(), e.entryHash());
                    }
                    prevSeq = e.seq();
                    prevHash = e.entryHash();
                }
            }
        }
        if (headSeq > prevSeq) {
            findings.add(new Finding(FindingKind.DELETED, prevSeq + 1, range(prevSeq + 1, headSeq)
                    + ": deleted — the chain head records seq " + headSeq + ", the trail ends at seq " + prevSeq));
        } else if (prevSeq > headSeq) {
            findings.add(new Finding(FindingKind.INSERTED, headSeq + 1, range(headSeq + 1, prevSeq)
                    + ": inserted — past the chain head the hub recorded (seq " + headSeq + ")"));
        } else if (!headHash.equals(prevHash)) {
            findings.add(new Finding(FindingKind.INSERTED, prevSeq, "seq " + prevSeq
                    + ": replaced — the chain head records another hash for it"));
        }
        for (AuditCheckpoint cp : checkpoints.values()) {
            String seen = seenAtCheckpoints.get(cp.seq());
            if (!cp.signedByOneOf(signers)) {
                findings.add(new Finding(FindingKind.FORGED, cp.seq(), "checkpoint at seq " + cp.seq()
                        + ": forged — its signature does not verify with the node's certificate"));
            } else if (seen == null) {
                findings.add(new Finding(FindingKind.DELETED, cp.seq(), "checkpoint at seq " + cp.seq()
                        + ": its entry is deleted (the trail ends at seq " + prevSeq + ")"));
            } else if (!seen.equals(cp.entryHash())) {
                findings.add(new Finding(FindingKind.REWRITTEN, cp.seq(), "checkpoint at seq " + cp.seq()
                        + ": rewritten — seq " + cp.seq() + " no longer has the hash the checkpoint signed"));
            }
        }
        if (headCheckpoint > 0 && !checkpoints.containsKey(headCheckpoint)) {
            findings.add(new Finding(FindingKind.DELETED, headCheckpoint, "checkpoint at seq " + headCheckpoint
                    + ": deleted — the chain head records it, the checkpoints table lacks it"));
        }
        findings.sort(java.util.Comparator.comparingLong(Finding::seq));
        long lastCheckpoint = checkpoints.isEmpty() ? 0 : ((TreeMap<Long, AuditCheckpoint>) checkpoints).lastKey();
        return new Report(count, prevSeq, checkpoints.size(), lastCheckpoint, List.copyOf(findings));
    }

    private static String range(long from, long to) {
        return from == to ? "seq " + from : "seq " + from + ".." + to;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
