package cn.tongban.hub.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import cn.tongban.hub.crypto.BouncyCastle;
import cn.tongban.hub.crypto.Pem;

/**
 * The federation's transport root (TEP-1 §1 "Transport certificate"): ECDSA P-256, so that every TLS stack
 * (JSSE, OpenSSL, Go) can validate the chain, issuing each node a TLS certificate usable as server and
 * client with the same {@code urn:tongban:node:} SAN as its SM2 certificate.
 */
public final class TransportAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final X509Certificate certificate;
    private final PrivateKey key;

    private TransportAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public static TransportAuthority newRoot(Instant from, Instant until) {
        KeyPair kp = p256();
        X500Name name = CertificateAuthority.name("Tongban Federation", "Tongban Transport Root CA");
        X509Certificate cert = build(name, name, kp.getPublic().getEncoded(), kp.getPrivate(), kp.getPublic().getEncoded(),
                from, until, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        return new TransportAuthority(cert, kp.getPrivate());
    }

    public static TransportAuthority load(Path dir, String name) throws IOException {
        X509Certificate cert = Pem.readCertificate(dir.resolve(name + ".pem"));
        PrivateKeyInfo info = Pem.readPrivateKeyInfo(dir.resolve(name + ".key"), null);
        try {
            PrivateKey k = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            return new TransportAuthority(cert, k);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public Credential rootCredential() {
        return new Credential(certificate, PrivateKeyInfo.getInstance(key.getEncoded()), List.of());
    }

    /** A node's TLS certificate: SAN URI {@code urn:tongban:node:NODE}, DNS localhost, IP 127.0.0.1. */
    public Credential issueNode(String node, Instant from, Instant until) {
        return issueNode(node, from, until, List.of());
    }

    /**
     * The same, naming also {@code hostNames} (DNS), e.g. the host of the node's endpoint in a container network
     * ({@code hub-370000}), so that its peers' HTTPS clients, which check the host name, reach it by that name.
     */
    public Credential issueNode(String node, Instant from, Instant until, List<String> hostNames) {
        KeyPair kp = p256();
        X509Certificate cert = build(CertificateAuthority.name("Tongban Node " + node, "localhost"),
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), kp.getPublic().getEncoded(),
                key, certificate.getPublicKey().getEncoded(), from, until, b -> {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                    List<GeneralName> names = new java.util.ArrayList<>(List.of(
                            new GeneralName(GeneralName.uniformResourceIdentifier, "urn:tongban:node:" + node),
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
                    hostNames.stream().filter(h -> !h.equals("localhost")).distinct()
                            .forEach(h -> names.add(new GeneralName(GeneralName.dNSName, h)));
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
                });
        return new Credential(cert, PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded()), List.of());
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name subject, X500Name issuer, byte[] subjectSpki, PrivateKey signer,
                                         byte[] issuerSpki, Instant from, Instant until,
                                         CertificateAuthority.Extensions ext) {
        try {
            SubjectPublicKeyInfo s = SubjectPublicKeyInfo.getInstance(subjectSpki);
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                    Date.from(from), Date.from(until), subject, s);
            BcX509ExtensionUtils u = new BcX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(s));
            if (!subject.equals(issuer)) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        u.createAuthorityKeyIdentifier(SubjectPublicKeyInfo.getInstance(issuerSpki)));
            }
            ext.add(b);
            ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BouncyCastle.PROVIDER).build(signer);
            return Pem.certificate(b.build(cs).getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
