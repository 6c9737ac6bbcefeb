package cn.tongban.hub.crypto;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * SM2 public keys of certificates, kept per certificate: Bouncy Castle attaches its window precomputation
 * to the point object, so reusing one object per partner makes every later verification and encryption to
 * that partner cheaper. Bounded; cleared wholesale when full (partners are few, certificates change rarely).
 */
public final class Sm2PublicKeys {
    private static final int MAX = 4096;
    private static final Map<X509Certificate, ECPublicKeyParameters> KEYS = new ConcurrentHashMap<>();

    private Sm2PublicKeys() {
    }

    public static ECPublicKeyParameters of(X509Certificate cert) {
        ECPublicKeyParameters k = KEYS.get(cert);
        if (k == null) {
            k = Pem.sm2PublicKey(cert);
            if (KEYS.size() >= MAX) {
                KEYS.clear();
            }
            KEYS.put(cert, k);
        }
        return k;
    }
}
