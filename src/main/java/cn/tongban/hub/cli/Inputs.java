package cn.tongban.hub.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.trust.TrustStore;

/** Reading the files and values commands are given, each failure a {@link UnusableInput} (exit 2). */
final class Inputs {
    private Inputs() {
    }

    /** An argument or file the command cannot use. */
    static final class UnusableInput extends RuntimeException {
        UnusableInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnusableInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Instant instant(String rfc3339) {
        if (rfc3339 == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnusableInput("not an RFC 3339 date-time with offset: " + rfc3339, e);
        }
    }

    static OffsetDateTime time(String rfc3339) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339);
        } catch (DateTimeParseException e) {
            throw new UnusableInput("not an RFC 3339 date-time with offset: " + rfc3339, e);
        }
    }

    static List<X509Certificate> certificates(Path file) {
        try {
            return Pem.readCertificates(file);
        } catch (IOException e) {
            throw new UnusableInput("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    static TrustStore trust(List<Path> trustFiles, List<Path> crlFiles) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : trustFiles) {
            certs.addAll(certificates(p));
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path p : crlFiles) {
            try {
                crls.add(Pem.readCrl(p));
            } catch (IOException e) {
                throw new UnusableInput("cannot read a CRL from " + p + ": " + e.getMessage(), e);
            }
        }
        try {
            return TrustStore.of(certs, crls);
        } catch (IllegalArgumentException e) {
            throw new UnusableInput("--trust names no self-signed root certificate", e);
        }
    }

    static org.bouncycastle.crypto.params.ECPrivateKeyParameters sm2Key(Path file) {
        try {
            String pw = System.getenv("TONGBAN_KEY_PASSWORD");
            return Pem.readSm2PrivateKey(file, pw == null ? null : pw.toCharArray());
        } catch (IOException | RuntimeException e) {
            throw new UnusableInput("cannot read an SM2 private key from " + file + ": " + e.getMessage(), e);
        }
    }
}
