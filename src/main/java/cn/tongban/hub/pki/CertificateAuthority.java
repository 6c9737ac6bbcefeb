package cn.tongban.hub.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2ContentSigner;
import cn.tongban.hub.crypto.Sm2KeyPairs;

/**
 * An SM2 certificate authority of the federation (root or intermediate): issues SM2 certificates signed
 * SM3withSM2 with the GM/T 0009 default ID, and CRLs.
 */
public final class CertificateAuthority {
    public static final int NODE_KEY_USAGE = KeyUsage.digitalSignature | KeyUsage.nonRepudiation
            | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credential credential;

    public CertificateAuthority(Credential credential) {
        this.credential = credential;
    }

    public Credential credential() {
        return credential;
    }

    public X509Certificate certificate() {
        return credential.certificate();
    }

    /** A new self-signed root CA. */
    public static CertificateAuthority newRoot(String commonName, Instant from, Instant until) {
        ECPrivateKeyParameters key = Sm2KeyPairs.generate();
        X500Name name = name("Tongban Federation", commonName);
        X509Certificate cert = build(name, name, Sm2KeyPairs.spki(key), Sm2KeyPairs.spki(key), key, from, until,
                b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        return new CertificateAuthority(Credential.sm2(cert, key, List.of()));
    }

    /** Loads a CA from {@code NAME.pem}/{@code NAME.key}; {@code issuers} are its intermediates above it, if any. */
    public static CertificateAuthority load(Path dir, String name, List<X509Certificate> issuers) throws IOException {
        X509Certificate cert = Pem.readCertificate(dir.resolve(name + ".pem"));
        ECPrivateKeyParameters key = Pem.readSm2PrivateKey(dir.resolve(name + ".key"), null);
        return new CertificateAuthority(Credential.sm2(cert, key, issuers));
    }

    /** An intermediate CA under this one. */
    public CertificateAuthority newIntermediate(String commonName, Instant from, Instant until) {
        ECPrivateKeyParameters key = Sm2KeyPairs.generate();
        X509Certificate cert = build(name("Tongban Federation", commonName), issuerName(), Sm2KeyPairs.spki(key),
                issuerSpki(), credential.sm2Key(), from, until, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        return new CertificateAuthority(Credential.sm2(cert, key, chainBelowRoot()));
    }

    /** A node's SM2 certificate (signing and encryption in one), SAN {@code urn:tongban:node:NODE}. */
    public Credential issueNode(String node, Instant from, Instant until) {
        return issueLeaf("Tongban Node " + node, node, List.of("urn:tongban:node:" + node), from, until);
    }

    /** The directory signer's certificate, SAN {@code urn:tongban:directory}. */
    public Credential issueDirectorySigner(Instant from, Instant until) {
        return issueLeaf("Tongban Federation", "Directory Signer", List.of("urn:tongban:directory"), from, until);
    }

    /** Any end-entity certificate, with the given SAN URIs (none for a certificate that names nobody). */
    public Credential issueLeaf(String org, String commonName, List<String> sanUris, Instant from, Instant until) {
        ECPrivateKeyParameters key = Sm2KeyPairs.generate();
        X509Certificate cert = build(name(org, commonName), issuerName(), Sm2KeyPairs.spki(key), issuerSpki(),
                credential.sm2Key(), from, until, b -> {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(NODE_KEY_USAGE));
                    if (!sanUris.isEmpty()) {
                        GeneralName[] names = sanUris.stream()
                                .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u))
                                .toArray(GeneralName[]::new);
                        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                    }
                });
        return Credential.sm2(cert, key, chainBelowRoot());
    }

    /** A CRL of this CA listing {@code revoked}, valid from {@code thisUpdate} for {@code nextUpdate}. */
    public X509CRL revoke(Collection<X509Certificate> revoked, Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName(), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate c : revoked) {
                b.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new BcX509ExtensionUtils().createAuthorityKeyIdentifier(issuerSpki()));
            X509CRLHolder h = b.build(new Sm2ContentSigner(credential.sm2Key()));
            return Pem.crl(h.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<X509Certificate> chainBelowRoot() {
        List<X509Certificate> c = new ArrayList<>();
        if (!cn.tongban.hub.trust.TrustStore.isSelfSigned(certificate())) {
            c.add(certificate());
            c.addAll(credential.issuers());
        }
        return c;
    }

    private X500Name issuerName() {
        return X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
    }

    private SubjectPublicKeyInfo issuerSpki() {
        return SubjectPublicKeyInfo.getInstance(certificate().getPublicKey().getEncoded());
    }

    static X500Name name(String org, String cn) {
        return new X500Name("C=CN,O=" + org + ",CN=" + cn);
    }

    interface Extensions {
        void add(X509v3CertificateBuilder b) throws IOException;
    }

    static X509Certificate build(X500Name subject, X500Name issuer, SubjectPublicKeyInfo subjectKey,
                                 SubjectPublicKeyInfo issuerKey, ECPrivateKeyParameters signer,
                                 Instant from, Instant until, Extensions ext) {
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                    Date.from(from), Date.from(until), subject, subjectKey);
            BcX509ExtensionUtils u = new BcX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(subjectKey));
            if (!subject.equals(issuer)) {
                b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(issuerKey));
            }
            ext.add(b);
            X509CertificateHolder h = b.build(new Sm2ContentSigner(signer));
            return Pem.certificate(h.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
