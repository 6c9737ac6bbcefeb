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

/** The node's SM2 key material from a password-protected PKCS#12 keystore or an encrypted PKCS#8 PEM. */
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

    @Test
    void anEncryptedPkcs8Pem() throws Exception {
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(BouncyCastle.PROVIDER).setPassword(PASSWORD).build();
        Path key = dir.resolve("node.enc.key");
        Files.writeString(key, Pem.toPem(new JcaPKCS8Generator(jcaKey(), enc).generate()));
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
}
