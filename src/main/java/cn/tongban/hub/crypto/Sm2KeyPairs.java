package cn.tongban.hub.crypto;

import java.io.IOException;
import java.security.SecureRandom;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * New SM2 key pairs, and their standard encodings: PKCS#8 and SubjectPublicKeyInfo naming the curve by its
 * OID ({@code 1.2.156.10197.1.301}), the form OpenSSL 3 writes for {@code ec_paramgen_curve:SM2}.
 */
public final class Sm2KeyPairs {
    private static final ECNamedDomainParameters NAMED = new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1,
            Sm2.DOMAIN.getCurve(), Sm2.DOMAIN.getG(), Sm2.DOMAIN.getN(), Sm2.DOMAIN.getH(), Sm2.DOMAIN.getSeed());
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sm2KeyPairs() {
    }

    public static ECPrivateKeyParameters generate() {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(Sm2.DOMAIN, RANDOM));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        return (ECPrivateKeyParameters) kp.getPrivate();
    }

    public static PrivateKeyInfo pkcs8(ECPrivateKeyParameters key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(new ECPrivateKeyParameters(key.getD(), NAMED));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SubjectPublicKeyInfo spki(ECPrivateKeyParameters key) {
        ECPublicKeyParameters pub = Sm2.publicKeyOf(key);
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(new ECPublicKeyParameters(pub.getQ(), NAMED));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
