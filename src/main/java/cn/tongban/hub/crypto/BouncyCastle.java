package cn.tongban.hub.crypto;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle JCA provider instance, registered once (PKIX path validation and X.509 parsing use it). */
public final class BouncyCastle {
    public static final Provider PROVIDER = register();

    private BouncyCastle() {
    }

    private static Provider register() {
        Provider p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (p == null) {
            p = new BouncyCastleProvider();
            Security.addProvider(p);
        }
        return p;
    }
}
