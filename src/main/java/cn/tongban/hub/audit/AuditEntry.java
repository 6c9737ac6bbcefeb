package cn.tongban.hub.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.bouncycastle.util.encoders.Hex;

import cn.tongban.hub.crypto.Sm3;

/**
 * One entry of the chain as stored. {@link #hash} is SM3 over its canonical encoding: a tag, seq and time (epoch
 * milliseconds) as 8-byte big-endian, then kind, actor, subject, detail and prev_hash each as a 4-byte length and
 * its UTF-8 bytes. Length prefixes keep two different entries from encoding alike.
 */
public record AuditEntry(long seq, Instant at, String kind, String actor, String subject, String detail, String prevHash,
                         String entryHash) {
    /** prev_hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final byte[] TAG = "tongban-audit-entry/1".getBytes(StandardCharsets.US_ASCII);

    /** The entry that follows {@code prevHash} at {@code seq}, with its hash. */
    public static AuditEntry chain(long seq, Instant at, AuditEvent e, String prevHash) {
        Instant t = Instant.ofEpochMilli(at.toEpochMilli()); // what both engines store exactly
        return new AuditEntry(seq, t, e.kind().name(), e.actor(), e.subject(), e.detail(), prevHash,
                hash(seq, t, e.kind().name(), e.actor(), e.subject(), e.detail(), prevHash));
    }

    /** The hash this entry's content gives (equal to {@link #entryHash} unless it was edited). */
    public String recomputedHash() {
        return hash(seq, at, kind, actor, subject, detail, prevHash);
    }

    static String hash(long seq, Instant at, String kind, String actor, String subject, String detail, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(TAG);
        out.writeBytes(ByteBuffer.allocate(16).putLong(seq).putLong(at.toEpochMilli()).array());
        for (String s : new String[] {kind, actor, subject, detail, prevHash}) {
            byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return Hex.toHexString(Sm3.digest(out.toByteArray()));
    }
}
