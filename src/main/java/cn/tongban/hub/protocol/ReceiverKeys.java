package cn.tongban.hub.protocol;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import cn.tongban.hub.crypto.Sm3;

/** A receiver's SM2 encryption certificate and key: what §4 step 11 needs to open an encrypted body. */
public record ReceiverKeys(X509Certificate encryptionCertificate, ECPrivateKeyParameters encryptionKey, String kid) {

    public static ReceiverKeys of(X509Certificate cert, ECPrivateKeyParameters key) {
        return new ReceiverKeys(cert, key, kidOf(cert));
    }

    /** {@code kid}: lowercase hex SM3 of the certificate's DER. */
    public static String kidOf(X509Certificate cert) {
        try {
            return Sm3.hex(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
