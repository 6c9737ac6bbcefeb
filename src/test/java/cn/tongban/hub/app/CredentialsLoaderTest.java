package cn.tongban.hub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.crypto.BouncyCastle;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.exchange.NodeCredentials;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;

/**
 * The node's SM2 key material from a password-protected PKCS#12 keystore or an encrypted PKCS#8 PEM; a key kept
 * without a password is refused unless {@code tongban.identity.allow-unprotected-keys}, the transport key included.
 */
class CredentialsLoaderTest {
    static final char[] PASSWORD = "correct horse battery".toCharArray();

    @TempDir
    static Path dir;
    static CertificateAuthority root;
    static CertificateAuthority inter;
    static Credential node;

    @BeforeAll
    static void material() throws Exception {
        Instant now = Instant.now();
        root = CertificateAuthority.newRoot("Root", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        inter = root.newIntermediate("Intermediate", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        node = inter.issueNode("370000", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Files.writeString(dir.resolve("root.pem"), Pem.toPem(root.certificate()));
    }

    private static PrivateKey jcaKey() throws Exception {
        return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(node.key().getEncoded()));
    }

    private static HubProperties properties() {
        HubProperties p = new HubProperties();
        p.setNode("370000");
        p.getTrust().setRoots(List.of(dir.resolve("root.pem")));
        return p;
    }

    /** The loaded identity signs what its certificate verifies, and opens what is sealed to it. */
    private static void assertUsable(NodeCredentials c) throws Exception {
        assertThat(c.keys().encryptionCertificate()).isEqualTo(node.certificate());
        SealedMessage m = c.sealer().seal(SealRequest.builder("130000", "370000", "test.ping")
                .body("秘密".getBytes(StandardCharsets.UTF_8)).encryptTo(node.certificate()).build());
        // x5c carries the leaf and the intermediate, never the root
        assertThat(m.header().x5c()).hasSize(2);
        MessageOpener opener = new MessageOpener(c.trust(), Clock.systemUTC(), "370000", c.keys(), null);
        // the sender is "130000" but the certificate names 370000: the signature and chain still verify first
        assertThatThrownBy(() -> opener.open(m.bytes())).hasMessageContaining("SENDER_MISMATCH");
        SealedMessage own = c.sealer().seal(SealRequest.builder("370000", "370000", "test.ping")
                .body("秘密".getBytes(StandardCharsets.UTF_8)).encryptTo(node.certificate()).build());
        assertThat(new String(opener.open(own.bytes()).plaintext(), StandardCharsets.UTF_8)).isEqualTo("秘密");
    }

    @Test
    void aPasswordProtectedPkcs12Keystore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
        ks.load(null, null);
        ks.setKeyEntry("node", jcaKey(), PASSWORD, new X509Certificate[] {node.certificate(), inter.certificate(), root.certificate()});
        Path p12 = dir.resolve("node.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, PASSWORD);
        }
        HubProperties p = properties();
        p.getIdentity().setKeystore(p12);
        p.getIdentity().setKeyPassword(new String(PASSWORD));
        assertUsable(CredentialsLoader.load(p, Clock.systemUTC()));
        p.getIdentity().setKeyPassword("wrong");
        assertThatThrownBy(() -> CredentialsLoader.load(p, Clock.systemUTC())).isInstanceOf(IOException.class)
                .hasMessageContaining("wrong password");
    }

    /** {@code key} as an encrypted PKCS#8 PEM, as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it. */
    static String encryptedPem(PrivateKey key) throws Exception {
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(BouncyCastle.PROVIDER).setPassword(PASSWORD).build();
        return Pem.toPem(new JcaPKCS8Generator(key, enc).generate());
    }

    @Test
    void anEncryptedPkcs8Pem() throws Exception {
        Path key = dir.resolve("node.enc.key");
        Files.writeString(key, encryptedPem(jcaKey()));
        Path chain = dir.resolve("node.chain.pem");
        Files.writeString(chain, Pem.toPem(node.certificate(), inter.certificate()));
        assertThat(Files.readString(key)).contains("ENCRYPTED PRIVATE KEY");
        HubProperties p = properties();
        p.getIdentity().setSigningKey(key);
        p.getIdentity().setSigningCertificate(chain);
        p.getIdentity().setKeyPassword(new String(PASSWORD));
        assertUsable(CredentialsLoader.load(p, Clock.systemUTC()));
        p.getIdentity().setKeyPassword(null);
        assertThatThrownBy(() -> CredentialsLoader.load(p, Clock.systemUTC())).hasMessageContaining("password");
    }

    @Test
    void aPlainPemKeyIsRefusedNamingTheFileAndTheSetting() throws Exception {
        Path key = dir.resolve("node.plain.key");
        Files.writeString(key, Pem.toPem(node.key()));
        assertThat(Files.readString(key)).contains("PRIVATE KEY").doesNotContain("ENCRYPTED");
        Path chain = dir.resolve("node.chain.pem");
        Files.writeString(chain, Pem.toPem(node.certificate(), inter.certificate()));
        HubProperties p = properties();
        p.getIdentity().setSigningKey(key);
        p.getIdentity().setSigningCertificate(chain);
        assertThatThrownBy(() -> CredentialsLoader.load(p, Clock.systemUTC())).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(key + " (tongban.identity.signing-key) holds a private key without a password")
                .hasMessageContaining("ENCRYPTED PRIVATE KEY").hasMessageContaining("tongban.identity.key-password")
                .hasMessageContaining("tongban.identity.allow-unprotected-keys=true");
        // a password set for it changes nothing: the file itself is unprotected
        p.getIdentity().setKeyPassword(new String(PASSWORD));
        assertThatThrownBy(() -> CredentialsLoader.load(p, Clock.systemUTC())).hasMessageContaining("without a password");
        // a protected signing key does not let a plain encryption key through
        Path enc = dir.resolve("node.enc2.key");
        Files.writeString(enc, encryptedPem(jcaKey()));
        p.getIdentity().setSigningKey(enc);
        p.getIdentity().setEncryptionKey(key);
        assertThatThrownBy(() -> CredentialsLoader.load(p, Clock.systemUTC()))
                .hasMessageStartingWith(key + " (tongban.identity.encryption-key) holds a private key without a password");
    }

    @Test
    void aPlainPemKeyIsAcceptedWhenAllowed() throws Exception {
        Path key = dir.resolve("node.plain.key");
        Files.writeString(key, Pem.toPem(node.key()));
        Path chain = dir.resolve("node.chain.pem");
        Files.writeString(chain, Pem.toPem(node.certificate(), inter.certificate()));
        HubProperties p = properties();
        p.getIdentity().setSigningKey(key);
        p.getIdentity().setSigningCertificate(chain);
        p.getIdentity().setAllowUnprotectedKeys(true);
        assertUsable(CredentialsLoader.load(p, Clock.systemUTC()));
    }

    @Test
    void aPkcs12KeystoreWithoutPasswordOrWithAnUnencryptedKeyEntryIsRefused() throws Exception {
        X509Certificate[] chain = {node.certificate(), inter.certificate(), root.certificate()};
        // the key stored as a plain keyBag (what `openssl pkcs12 -export -keypbe NONE` writes), the file MAC'd with a password
        org.bouncycastle.pkcs.PKCS12SafeBagBuilder keyBag = new org.bouncycastle.pkcs.PKCS12SafeBagBuilder(
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(jcaKey().getEncoded()));
        org.bouncycastle.asn1.DERBMPString alias = new org.bouncycastle.asn1.DERBMPString("node");
        keyBag.addBagAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_friendlyName, alias);
        keyBag.addBagAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_localKeyId,
                new org.bouncycastle.asn1.DEROctetString(new byte[] {1}));
        org.bouncycastle.pkcs.PKCS12PfxPduBuilder pfx = new org.bouncycastle.pkcs.PKCS12PfxPduBuilder();
        org.bouncycastle.pkcs.PKCS12SafeBag[] certs = new org.bouncycastle.pkcs.PKCS12SafeBag[chain.length];
        for (int i = 0; i < chain.length; i++) {
            org.bouncycastle.pkcs.PKCS12SafeBagBuilder c = new org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder(chain[i]);
            if (i == 0) {
                c.addBagAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_friendlyName, alias);
                c.addBagAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_localKeyId,
                        new org.bouncycastle.asn1.DEROctetString(new byte[] {1}));
            }
            certs[i] = c.build();
        }
        for (org.bouncycastle.pkcs.PKCS12SafeBag c : certs) {
            pfx.addData(c);
        }
        pfx.addData(keyBag.build());
        Path p12 = dir.resolve("node.plainkey.p12");
        Files.write(p12, pfx.build(new org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder(), PASSWORD).getEncoded());
        HubProperties p = properties();
        p.getIdentity().setKeystore(p12);
        p.getIdentity().setKeyPassword(new String(PASSWORD));
        assertThatThrownBy(() -> CredentialsLoader.load(p, Clock.systemUTC())).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(p12 + " (tongban.identity.keystore) holds a key entry stored without encryption")
                .hasMessageContaining("tongban.identity.allow-unprotected-keys=true");
        p.getIdentity().setAllowUnprotectedKeys(true);
        assertUsable(CredentialsLoader.load(p, Clock.systemUTC()));

        HubProperties none = properties();
        none.getIdentity().setKeystore(p12);
        assertThatThrownBy(() -> CredentialsLoader.load(none, Clock.systemUTC()))
                .hasMessageStartingWith(p12 + " (tongban.identity.keystore) is opened without a password");
    }

    /** The transport key: refused plain, read encrypted by the sending client and by the endpoint's Spring SSL bundle. */
    @Test
    void theTransportKeyFollowsTheSameRule() throws Exception {
        Path fed = dir.resolve("federation");
        new cn.tongban.hub.pki.TestFederation(fed, Clock.systemUTC()).create(List.of("370000"),
                cn.tongban.hub.pki.TestFederation.DEFAULT_ENDPOINT);
        Path plain = fed.resolve("370000.tls.key");
        HubProperties p = properties();
        p.getTls().setCertificate(fed.resolve("370000.tls.pem"));
        p.getTls().setPrivateKey(plain);
        p.getTls().setTrust(fed.resolve("tls-root.pem"));
        assertThatThrownBy(() -> CredentialsLoader.transportTls(p)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(plain + " (tongban.tls.private-key) holds a private key without a password")
                .hasMessageContaining("tongban.tls.private-key-password");
        org.springframework.mock.env.MockEnvironment env = new org.springframework.mock.env.MockEnvironment()
                .withProperty("server.ssl.bundle", "tep")
                .withProperty("spring.ssl.bundle.pem.tep.keystore.private-key", "file:" + plain);
        assertThatThrownBy(() -> CredentialsLoader.checkTepBundleKey(p, env))
                .hasMessageStartingWith("file:" + plain + " (spring.ssl.bundle.pem.tep.keystore.private-key) holds a private key without a password")
                .hasMessageContaining("tongban.tls.private-key-password").hasMessageNotContaining("PKCS#12");
        env.setProperty("spring.ssl.bundle.pem.tep.keystore.private-key", Files.readString(plain));
        assertThatThrownBy(() -> CredentialsLoader.checkTepBundleKey(p, env))
                .hasMessageStartingWith("the value (spring.ssl.bundle.pem.tep.keystore.private-key) holds a private key");

        PrivateKey tlsKey = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Pem.readPrivateKeyInfo(plain, null).getEncoded()));
        Path encrypted = dir.resolve("370000.tls.enc.key");
        Files.writeString(encrypted, encryptedPem(tlsKey));
        p.getTls().setPrivateKey(encrypted);
        p.getTls().setPrivateKeyPassword(new String(PASSWORD));
        assertThat(CredentialsLoader.transportTls(p)).isNotNull();
        env.setProperty("spring.ssl.bundle.pem.tep.keystore.private-key", "file:" + encrypted);
        CredentialsLoader.checkTepBundleKey(p, env);
        // what the endpoint does with it: Spring Boot's PEM bundle opens the key with private-key-password
        KeyStore bundle = new org.springframework.boot.ssl.pem.PemSslStoreBundle(
                new org.springframework.boot.ssl.pem.PemSslStoreDetails(null, "file:" + fed.resolve("370000.tls.pem"),
                        "file:" + encrypted).withPrivateKeyPassword(new String(PASSWORD)), null).getKeyStore();
        assertThat(Collections.list(bundle.aliases())).anySatisfy(a -> assertThat(bundle.isKeyEntry(a)).isTrue());

        // allowed: the plain transport key is read again (the committed test federation's case)
        p.getTls().setPrivateKey(plain);
        p.getTls().setPrivateKeyPassword(null);
        p.getIdentity().setAllowUnprotectedKeys(true);
        assertThat(CredentialsLoader.transportTls(p)).isNotNull();
        env.setProperty("spring.ssl.bundle.pem.tep.keystore.private-key", "file:" + plain);
        CredentialsLoader.checkTepBundleKey(p, env);
    }
}
