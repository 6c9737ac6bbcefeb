package cn.tongban.hub.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import cn.tongban.hub.crypto.Pem;

/**
 * The SSL context of the node's transport certificate (TEP-1 §1): its P-256 key and certificate as client
 * identity, the federation's transport root as the only trust. JSSE, no Bouncy Castle: P-256 chains are
 * what every TLS stack validates.
 */
public final class TransportTls {
    private TransportTls() {
    }

    public static SSLContext context(Path certificate, Path privateKey, Path trust) throws IOException {
        return context(certificate, privateKey, null, trust);
    }

    /** As above, {@code keyPassword} opening an encrypted PKCS#8 key ({@code null} for a plain one). */
    public static SSLContext context(Path certificate, Path privateKey, char[] keyPassword, Path trust) throws IOException {
        try {
            List<X509Certificate> chain = Pem.readCertificates(certificate);
            byte[] pkcs8 = Pem.readPrivateKeyInfo(privateKey, keyPassword).getEncoded();
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tls", key, new char[0], chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate root : Pem.readCertificates(trust)) {
                ts.setCertificateEntry("root" + i++, root);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the transport TLS context: " + e.getMessage(), e);
        }
    }
}
