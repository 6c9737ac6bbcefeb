package cn.tongban.hub.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads and writes the key material formats TEP/1 partners exchange: PEM (or DER) X.509 certificates and
 * CRLs, and PKCS#8 private keys, optionally password-protected.
 */
public final class Pem {
    private Pem() {
    }

    /** Every certificate in a PEM file (a chain file may hold several) or the one DER certificate. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        List<X509Certificate> out = new ArrayList<>();
        if (!looksLikePem(data)) {
            out.add(certificate(data));
            return out;
        }
        try (PEMParser p = new PEMParser(new StringReader(new String(data, StandardCharsets.US_ASCII)))) {
            for (Object o; (o = p.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(certificate(h.getEncoded()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no certificate");
        }
        return out;
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificates(file).get(0);
    }

    public static X509Certificate certificate(byte[] der) throws IOException {
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("not an X.509 certificate: " + e.getMessage(), e);
        }
        if (c == null) { // Bouncy Castle's factory answers null, not an exception, for no bytes at all (an x5c entry "")
            throw new IOException("not an X.509 certificate: no bytes");
        }
        return c;
    }

    /** A CRL in PEM or DER. */
    public static X509CRL readCrl(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        byte[] der = data;
        if (looksLikePem(data)) {
            try (PEMParser p = new PEMParser(new StringReader(new String(data, StandardCharsets.US_ASCII)))) {
                Object o = p.readObject();
                if (!(o instanceof X509CRLHolder h)) {
                    throw new IOException(file + " holds no CRL");
                }
                der = h.getEncoded();
            }
        }
        return crl(der);
    }

    public static X509CRL crl(byte[] der) throws IOException {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
                    .generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("not an X.509 CRL: " + e.getMessage(), e);
        }
    }

    /** An SM2 private key from a PKCS#8 PEM file; {@code password} is needed only for an encrypted one. */
    public static ECPrivateKeyParameters readSm2PrivateKey(Path file, char[] password) throws IOException {
        PrivateKeyInfo info = readPrivateKeyInfo(file, password);
        if (!(PrivateKeyFactory.createKey(info) instanceof ECPrivateKeyParameters ec)) {
            throw new IOException(file + " is not an EC (SM2) private key");
        }
        return Sm2.privateKey(ec.getD());
    }

    public static PrivateKeyInfo readPrivateKeyInfo(Path file, char[] password) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o instanceof PrivateKeyInfo info) {
                return info;
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                if (password == null) {
                    throw new IOException(file + " is encrypted: a password is needed");
                }
                try {
                    return enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(BouncyCastle.PROVIDER).build(password));
                } catch (PKCSException | org.bouncycastle.operator.OperatorCreationException e) {
                    throw new IOException(file + ": wrong password or damaged key", e);
                }
            }
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair kp) {
                return kp.getPrivateKeyInfo();
            }
            throw new IOException(file + " holds no PKCS#8 private key");
        }
    }

    /** The SM2 public key of a certificate, bound to the fast curve. */
    public static ECPublicKeyParameters sm2PublicKey(X509Certificate cert) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
        return Sm2.publicKey(spki.getPublicKeyData().getBytes());
    }

    public static String toPem(Object... objects) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                pw.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static boolean looksLikePem(byte[] data) {
        return new String(data, 0, Math.min(data.length, 4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN");
    }
}
