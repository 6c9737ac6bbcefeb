package cn.tongban.hub.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2KeyPairs;

/**
 * An issued certificate with its private key and the chain above it (intermediates, never the root).
 * {@code key} is the PKCS#8 form (SM2 or P-256).
 */
public record Credential(X509Certificate certificate, PrivateKeyInfo key, List<X509Certificate> issuers) {

    /** The SM2 signing key (for SM2 credentials). */
    public ECPrivateKeyParameters sm2Key() {
        try {
            return Sm2.privateKey(((ECPrivateKeyParameters) org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(key)).getD());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code x5c} order: this certificate, then its intermediates. */
    public List<X509Certificate> chain() {
        java.util.ArrayList<X509Certificate> c = new java.util.ArrayList<>();
        c.add(certificate);
        c.addAll(issuers);
        return List.copyOf(c);
    }

    /** Writes {@code NAME.pem} (the certificate) and {@code NAME.key} (PKCS#8) into {@code dir}. */
    public void write(Path dir, String name) throws IOException {
        Files.writeString(dir.resolve(name + ".pem"), Pem.toPem(certificate));
        Path k = dir.resolve(name + ".key");
        Files.writeString(k, Pem.toPem(key));
        try {
            Files.setPosixFilePermissions(k, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    static Credential sm2(X509Certificate cert, ECPrivateKeyParameters key, List<X509Certificate> issuers) {
        return new Credential(cert, Sm2KeyPairs.pkcs8(key), List.copyOf(issuers));
    }
}
