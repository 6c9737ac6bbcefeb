package cn.tongban.hub.adapters.licence;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import cn.tongban.hub.trust.CertificateRefused;
import cn.tongban.hub.trust.TrustStore;

/**
 * Which certificates may sign licence data: pinned signer certificates (exactly these), or any certificate
 * that PKIX-validates ({@link TrustStore}) under the configured CA certificates. Either way the certificate
 * must be valid at the time of the check and, if it states a key usage, allow signatures.
 */
final class SignerTrust {
    private final List<X509Certificate> pinned;
    private final TrustStore cas;

    private SignerTrust(List<X509Certificate> pinned, TrustStore cas) {
        this.pinned = pinned;
        this.cas = cas;
    }

    /**
     * @param pinned signer certificates trusted as they are
     * @param cas    CA certificates: self-signed ones are roots, others intermediates known locally
     */
    static SignerTrust of(List<X509Certificate> pinned, List<X509Certificate> cas) {
        boolean anyRoot = cas.stream().anyMatch(TrustStore::isSelfSigned);
        if (pinned.isEmpty() && !anyRoot) {
            throw new IllegalArgumentException("no library signer certificate and no self-signed CA certificate configured");
        }
        return new SignerTrust(List.copyOf(pinned), anyRoot ? TrustStore.of(new ArrayList<>(cas), List.of()) : null);
    }

    /** Null when {@code signer} may sign licence data at {@code now}; otherwise why not. */
    String refusal(X509Certificate signer, Instant now) {
        boolean[] ku = signer.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            return "the signer certificate does not allow digital signatures";
        }
        if (pinned.contains(signer)) {
            if (now.isBefore(signer.getNotBefore().toInstant()) || now.isAfter(signer.getNotAfter().toInstant())) {
                return "the pinned signer certificate is not valid now";
            }
            return null;
        }
        if (cas == null) {
            return "the signer certificate is not one of the configured signer certificates";
        }
        try {
            cas.validate(List.of(signer), now);
            return null;
        } catch (CertificateRefused e) {
            return "the signer certificate is refused: " + e.getMessage();
        }
    }
}
