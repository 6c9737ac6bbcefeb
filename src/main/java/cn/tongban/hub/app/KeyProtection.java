package cn.tongban.hub.app;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The rule that a private key the hub reads is kept under a password: an encrypted PKCS#8 PEM
 * ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}) or a PKCS#12 keystore with a password whose key entries are
 * encrypted. A plain key file readable by whoever can read the disk or a backup is the commonest way such keys
 * leak. {@code tongban.identity.allow-unprotected-keys} waives the rule, for test federations only.
 */
final class KeyProtection {
    static final String ALLOW = "tongban.identity.allow-unprotected-keys";

    private KeyProtection() {
    }

    /** Refuses the PEM private key in {@code file} (configured by {@code setting}) unless it is encrypted or {@code allowed}. */
    static void requireProtectedPem(Path file, String setting, String passwordSetting, boolean allowed) throws IOException {
        if (allowed) {
            return;
        }
        requireProtectedPemText(Files.readString(file, StandardCharsets.US_ASCII), file.toString(), setting, passwordSetting);
    }

    /** As {@link #requireProtectedPem} for PEM text from {@code source} (a file, a resource, or the setting's own value). */
    static void requireProtectedPemText(String pem, String source, String setting, String passwordSetting) throws IOException {
        Boolean encrypted = null;
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o; encrypted == null && (o = p.readObject()) != null; ) {
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    encrypted = true;
                } else if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) {
                    encrypted = false;
                }
            }
        }
        if (encrypted == null) {
            throw new IOException(source + " (" + setting + ") holds no private key");
        }
        if (!encrypted) {
            throw new IllegalStateException(source + " (" + setting + ") holds a private key without a password. Keep it as an"
                    + " encrypted PKCS#8 PEM (-----BEGIN ENCRYPTED PRIVATE KEY-----, e.g. `openssl pkcs8 -topk8 -v2 aes-256-cbc`)"
                    + " with its password in " + passwordSetting
                    + (setting.startsWith("tongban.identity.") ? ", or in a password-protected PKCS#12 keystore (tongban.identity.keystore)" : "")
                    + "; only a test federation may set " + ALLOW + "=true");
        }
    }

    /**
     * Refuses a PKCS#12 keystore opened without a password, or holding a key entry stored unencrypted (a
     * {@code keyBag} outside encrypted content, as {@code openssl pkcs12 -keypbe NONE} writes), unless {@code allowed}.
     */
    static void requireProtectedPkcs12(Path file, char[] password, boolean allowed) throws IOException {
        if (allowed) {
            return;
        }
        String refusal = null;
        if (password == null || password.length == 0) {
            refusal = "is opened without a password";
        } else {
            try {
                for (ContentInfo ci : new PKCS12PfxPdu(Files.readAllBytes(file)).getContentInfos()) {
                    if (PKCSObjectIdentifiers.data.equals(ci.getContentType())) {
                        for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(ci).getSafeBags()) {
                            if (PKCSObjectIdentifiers.keyBag.equals(bag.getType())) {
                                refusal = "holds a key entry stored without encryption";
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                throw new IOException(file + ": not PKCS#12", e);
            }
        }
        if (refusal != null) {
            throw new IllegalStateException(file + " (tongban.identity.keystore) " + refusal + ". Give the keystore a password"
                    + " in tongban.identity.key-password and encrypted key entries; only a test federation may set " + ALLOW + "=true");
        }
    }
}
