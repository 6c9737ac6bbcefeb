package cn.tongban.hub.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm3;

/**
 * A signed statement "the trail's entry {@code seq} has hash {@code entryHash}", by the node's SM2 signing key.
 * Since each entry's hash covers the one before, it vouches for every entry up to {@code seq}.
 *
 * @param signer SM3 (hex) of the signing certificate's DER
 */
public record AuditCheckpoint(long seq, String entryHash, Instant at, String signer, byte[] signature) {
    private static final byte[] TAG = "tongban-audit-checkpoint/1".getBytes(StandardCharsets.US_ASCII);

    public static AuditCheckpoint sign(long seq, String entryHash, Instant at, ECPrivateKeyParameters key, X509Certificate cert) {
        Instant t = Instant.ofEpochMilli(at.toEpochMilli());
        return new AuditCheckpoint(seq, entryHash, t, signerId(cert), Sm2.sign(key, signedBytes(seq, entryHash, t)));
    }

    /** Whether one of {@code certs} signed this checkpoint. */
    public boolean signedByOneOf(List<X509Certificate> certs) {
        byte[] data = signedBytes(seq, entryHash, at);
        for (X509Certificate c : certs) {
            if (Sm2.verify(Pem.sm2PublicKey(c), data, signature)) {
                return true;
            }
        }
        return false;
    }

    public static String signerId(X509Certificate cert) {
        try {
            return Sm3.hex(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] signedBytes(long seq, String entryHash, Instant at) {
        byte[] h = entryHash.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(TAG.length + 16 + 4 + h.length).put(TAG).putLong(seq).putLong(at.toEpochMilli())
                .putInt(h.length).put(h).array();
    }
}
