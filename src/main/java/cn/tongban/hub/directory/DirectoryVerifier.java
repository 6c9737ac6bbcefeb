package cn.tongban.hub.directory;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.Refusal;
import cn.tongban.hub.protocol.TepHeader;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.protocol.VerifiedMessage;
import cn.tongban.hub.trust.NodeIdentity;
import cn.tongban.hub.trust.TrustStore;

/**
 * Verifies signed directories (TEP-1 §6) before anything uses them: a well-formed TEP/1 message of type
 * {@code directory} from and to {@code 000000}, not encrypted, signed by a certificate whose SAN is
 * {@code urn:tongban:directory} and which chains to a federation root, within its lifetime, and not older
 * than the directory already held.
 */
public final class DirectoryVerifier {
    public static final String TYPE = "directory";
    public static final String DIRECTORY_NODE = "000000";

    private DirectoryVerifier() {
    }

    /**
     * @param previous the directory in force, or null
     * @throws DirectoryRefused UNTRUSTED, or ROLLBACK when its version is lower than {@code previous}'s
     */
    public static Directory verify(byte[] raw, TrustStore trust, Instant now, Directory previous) throws DirectoryRefused {
        VerifiedMessage v;
        try {
            v = MessageOpener.verifyUnaddressed(raw, trust, now);
        } catch (Refusal r) {
            throw new DirectoryRefused(DirectoryVerdict.UNTRUSTED, r.getMessage());
        }
        TepHeader h = v.header();
        if (!NodeIdentity.isDirectorySigner(v.signerPath().get(0))) {
            throw new DirectoryRefused(DirectoryVerdict.UNTRUSTED, "not signed by a certificate with SAN " + NodeIdentity.DIRECTORY_URI);
        }
        if (!TYPE.equals(h.type()) || !DIRECTORY_NODE.equals(h.from().node()) || !DIRECTORY_NODE.equals(h.to().node())
                || h.encrypted()) {
            throw new DirectoryRefused(DirectoryVerdict.UNTRUSTED, "not a directory message (type, from, to or enc)");
        }
        Directory d;
        try {
            JsonNode body = TepJson.read(v.message().body());
            d = new Directory(body, h, raw);
        } catch (IllegalArgumentException | IOException e) {
            throw new DirectoryRefused(DirectoryVerdict.UNTRUSTED, "unreadable directory body: " + e.getMessage());
        }
        if (previous != null && d.version() < previous.version()) {
            throw new DirectoryRefused(DirectoryVerdict.ROLLBACK,
                    "version " + d.version() + " is older than version " + previous.version() + " in force");
        }
        return d;
    }
}
