package cn.tongban.hub.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jce.interfaces.ECPrivateKey;

import cn.tongban.hub.crypto.BouncyCastle;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.exchange.DirectorySource;
import cn.tongban.hub.exchange.NodeCredentials;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.NodeAddress;
import cn.tongban.hub.protocol.ReceiverKeys;
import cn.tongban.hub.trust.TrustStore;

/** Turns the {@code tongban.identity}, {@code tongban.trust} and {@code tongban.directory} settings into key material. */
final class CredentialsLoader {
    private CredentialsLoader() {
    }

    /** The node's SM2 signing key and its chain (signing certificate first): what seals messages and signs audit checkpoints. */
    record SigningIdentity(ECPrivateKeyParameters key, List<X509Certificate> chain) {
    }

    static NodeCredentials load(HubProperties p, Clock clock) throws IOException {
        HubProperties.Identity id = p.getIdentity();
        char[] password = id.getKeyPassword() == null ? null : id.getKeyPassword().toCharArray();
        SigningIdentity signing = signingIdentity(p);
        ECPrivateKeyParameters signKey = signing.key();
        List<X509Certificate> signChain = signing.chain();
        ECPrivateKeyParameters encKey;
        X509Certificate encCert;
        boolean allowPlain = id.isAllowUnprotectedKeys();
        if (id.getKeystore() != null) {
            encKey = signKey;
            encCert = signChain.get(0);
        } else {
            if (id.getEncryptionKey() != null) {
                KeyProtection.requireProtectedPem(id.getEncryptionKey(), "tongban.identity.encryption-key",
                        "tongban.identity.key-password", allowPlain);
            }
            encKey = id.getEncryptionKey() == null ? signKey : Pem.readSm2PrivateKey(id.getEncryptionKey(), password);
            encCert = id.getEncryptionCertificate() == null ? signChain.get(0) : Pem.readCertificate(id.getEncryptionCertificate());
        }
        List<X509Certificate> trusted = new ArrayList<>();
        for (Path r : p.getTrust().getRoots()) {
            trusted.addAll(Pem.readCertificates(r));
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path c : p.getTrust().getCrls()) {
            crls.add(Pem.readCrl(c));
        }
        return new NodeCredentials(new NodeAddress(p.getNode(), p.getOrg()), new MessageSealer(signKey, signChain, clock),
                ReceiverKeys.of(encCert, encKey), TrustStore.of(trusted, crls));
    }

    /** Reads the signing key (PEM or PKCS#12, refused without a password unless allowed) and its chain. */
    static SigningIdentity signingIdentity(HubProperties p) throws IOException {
        HubProperties.Identity id = p.getIdentity();
        char[] password = id.getKeyPassword() == null ? null : id.getKeyPassword().toCharArray();
        ECPrivateKeyParameters signKey;
        List<X509Certificate> signChain;
        boolean allowPlain = id.isAllowUnprotectedKeys();
        if (id.getKeystore() != null) {
            KeyProtection.requireProtectedPkcs12(id.getKeystore(), password, allowPlain);
            KeyStore ks = pkcs12(id.getKeystore(), password);
            String alias = id.getKeystoreAlias() != null ? id.getKeystoreAlias() : firstKeyAlias(ks, id.getKeystore());
            try {
                PrivateKey k = (PrivateKey) ks.getKey(alias, password);
                if (!(k instanceof ECPrivateKey ec)) {
                    throw new IOException(id.getKeystore() + ": entry " + alias + " is not an SM2 key");
                }
                signKey = Sm2.privateKey(ec.getD());
                signChain = new ArrayList<>();
                for (Certificate c : ks.getCertificateChain(alias)) {
                    X509Certificate x = (X509Certificate) c;
                    if (!TrustStore.isSelfSigned(x)) { // x5c never carries the root (TEP-1 §2)
                        signChain.add(x);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(id.getKeystore() + ": " + e.getMessage(), e);
            }
        } else {
            Path signing = required(id.getSigningKey(), "tongban.identity.signing-key");
            KeyProtection.requireProtectedPem(signing, "tongban.identity.signing-key", "tongban.identity.key-password", allowPlain);
            signKey = Pem.readSm2PrivateKey(signing, password);
            signChain = Pem.readCertificates(required(id.getSigningCertificate(), "tongban.identity.signing-certificate"));
        }
        return new SigningIdentity(signKey, signChain);
    }

    /** The sending client's TLS context; the TEP endpoint reads the same key through the SSL bundle (application.yaml). */
    static SSLContext transportTls(HubProperties p) throws IOException {
        HubProperties.Tls t = p.getTls();
        Path key = required(t.getPrivateKey(), "tongban.tls.private-key");
        KeyProtection.requireProtectedPem(key, "tongban.tls.private-key", "tongban.tls.private-key-password",
                p.getIdentity().isAllowUnprotectedKeys());
        char[] password = t.getPrivateKeyPassword() == null || t.getPrivateKeyPassword().isEmpty() ? null
                : t.getPrivateKeyPassword().toCharArray();
        return cn.tongban.hub.transport.TransportTls.context(required(t.getCertificate(), "tongban.tls.certificate"), key,
                password, required(t.getTrust(), "tongban.tls.trust"));
    }

    /**
     * The TEP endpoint's key is read by Spring's SSL bundle ({@code server.ssl.bundle}), not by this loader: the same
     * rule is checked on the key the bundle names. A PEM bundle's {@code keystore.private-key} (a file, a
     * {@code classpath:} resource or the PEM text itself) must be encrypted; a keystore bundle must have a password.
     */
    static void checkTepBundleKey(HubProperties p, org.springframework.core.env.Environment env) throws IOException {
        String bundle = env.getProperty("server.ssl.bundle");
        if (bundle == null || bundle.isBlank() || p.getIdentity().isAllowUnprotectedKeys()) {
            return;
        }
        String pemKey = "spring.ssl.bundle.pem." + bundle + ".keystore.private-key";
        String location = env.getProperty(pemKey);
        if (location != null && !location.isBlank()) {
            String pem;
            if (location.contains("-----BEGIN")) {
                pem = location;
                location = "the value";
            } else if (location.startsWith("classpath:")) {
                try (InputStream in = new org.springframework.core.io.ClassPathResource(location.substring(10)).getInputStream()) {
                    pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                }
            } else {
                pem = Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location),
                        java.nio.charset.StandardCharsets.US_ASCII);
            }
            KeyProtection.requireProtectedPemText(pem, location, pemKey,
                    "spring.ssl.bundle.pem." + bundle + ".keystore.private-key-password (tongban.tls.private-key-password)");
            return;
        }
        String jks = "spring.ssl.bundle.jks." + bundle + ".keystore";
        if (env.getProperty(jks + ".location") != null && (env.getProperty(jks + ".password") == null
                || env.getProperty(jks + ".password").isEmpty())) {
            throw new IllegalStateException(env.getProperty(jks + ".location") + " (" + jks + ".location) is a keystore without a"
                    + " password: set " + jks + ".password; only a test federation may set " + KeyProtection.ALLOW + "=true");
        }
    }

    /** TEST FEDERATIONS ONLY: the directory signer's key, under the same rule as every key the hub reads. */
    static ECPrivateKeyParameters directorySignerKey(HubProperties p) throws IOException {
        Path key = p.getDirectory().getSignerKey();
        KeyProtection.requireProtectedPem(key, "tongban.directory.signer-key", "tongban.identity.key-password",
                p.getIdentity().isAllowUnprotectedKeys());
        String pw = p.getIdentity().getKeyPassword();
        return Pem.readSm2PrivateKey(key, pw == null ? null : pw.toCharArray());
    }

    /** A file path, or an https:// URL fetched with the node's transport certificate. */
    static DirectorySource directorySource(HubProperties p, SSLContext tls) {
        String s = p.getDirectory().getSource();
        if (s == null || s.isBlank()) {
            throw new IllegalStateException("tongban.directory.source must name the signed directory (file or https URL)");
        }
        if (s.startsWith("https://")) {
            HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create(s);
            return () -> {
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                        throw new IOException("HTTP " + r.statusCode() + " from " + uri);
                    }
                    return r.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            };
        }
        Path file = Path.of(s.startsWith("file:") ? s.substring(5) : s);
        return () -> Files.readAllBytes(file);
    }

    private static KeyStore pkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": wrong password or not PKCS#12", e);
        }
    }

    private static String firstKeyAlias(KeyStore ks, Path file) throws IOException {
        try {
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    return a;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        throw new IOException(file + " holds no key entry");
    }

    private static Path required(Path p, String property) {
        if (p == null) {
            throw new IllegalStateException(property + " is not set");
        }
        return p;
    }
}
