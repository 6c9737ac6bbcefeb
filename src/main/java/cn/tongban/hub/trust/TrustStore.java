package cn.tongban.hub.trust;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import cn.tongban.hub.crypto.BouncyCastle;

/**
 * Federation trust: roots (trust anchors), intermediates known locally, and CRLs. Paths are built and
 * validated by Bouncy Castle's PKIX {@link CertPathBuilder}, never by a hand-written chain walk; CRLs are then
 * applied to every certificate of the validated path, each CRL only after its signature verifies under the
 * key of the certificate's issuer in that path.
 *
 * <p>Immutable and thread-safe. Successful path validations are remembered per chain for the window in which
 * every certificate of the path is valid, so that the hot receiving path pays for PKIX once per partner
 * certificate, not once per message; revocation is re-checked every time.
 */
public final class TrustStore {
    private static final int MAX_REMEMBERED = 4096;

    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final List<X509CRL> crls;
    private final Map<List<X509Certificate>, ValidPath> validated = new ConcurrentHashMap<>();
    private final Map<CrlIssuerKey, Boolean> crlSignatureOk = new ConcurrentHashMap<>();

    private record ValidPath(List<X509Certificate> path, X509Certificate anchor, Instant from, Instant until) {
    }

    private record CrlIssuerKey(X509CRL crl, PublicKey issuerKey) {
    }

    private TrustStore(List<X509Certificate> roots, List<X509Certificate> intermediates, List<X509CRL> crls) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("a trust store needs at least one self-signed root");
        }
        this.roots = List.copyOf(roots);
        this.intermediates = List.copyOf(intermediates);
        this.crls = List.copyOf(crls);
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate r : roots) {
            a.add(new TrustAnchor(r, null));
        }
        this.anchors = Set.copyOf(a);
    }

    /**
     * Self-signed certificates among {@code trusted} become roots; the others are CA certificates known
     * locally (intermediates), usable to complete a chain but trusted only through a root.
     */
    public static TrustStore of(Collection<X509Certificate> trusted, Collection<X509CRL> crls) {
        List<X509Certificate> roots = new ArrayList<>();
        List<X509Certificate> inter = new ArrayList<>();
        for (X509Certificate c : trusted) {
            (isSelfSigned(c) ? roots : inter).add(c);
        }
        return new TrustStore(roots, inter, new ArrayList<>(crls));
    }

    /** The same trust with further CRLs (e.g. those a directory carries, TEP-1 §6). */
    public TrustStore withCrls(Collection<X509CRL> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<X509CRL> all = new ArrayList<>(crls);
        all.addAll(more);
        return new TrustStore(roots, intermediates, all);
    }

    public List<X509Certificate> roots() {
        return roots;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    /**
     * Validates {@code chain} (leaf first, then any intermediates, never the root) at {@code now}.
     *
     * @return the validated path, leaf first, ending with the root
     */
    public List<X509Certificate> validate(List<X509Certificate> chain, Instant now) throws CertificateRefused {
        if (chain.isEmpty()) {
            throw new CertificateRefused(ChainProblem.UNTRUSTED, "no certificate");
        }
        ValidPath vp = validated.get(chain);
        if (vp == null || now.isBefore(vp.from) || !now.isBefore(vp.until)) {
            try {
                vp = build(chain, now);
            } catch (RuntimeException e) {
                // Bouncy Castle decodes some fields (e.g. the validity dates) only when read: a certificate from
                // x5c whose fields cannot be decoded is refused like one that does not chain, never thrown on.
                throw new CertificateRefused(ChainProblem.UNTRUSTED, "a certificate cannot be decoded: " + e.getMessage());
            }
            if (validated.size() >= MAX_REMEMBERED) {
                validated.clear();
            }
            validated.put(List.copyOf(chain), vp);
        }
        checkRevocation(vp);
        List<X509Certificate> out = new ArrayList<>(vp.path);
        out.add(vp.anchor);
        return out;
    }

    private ValidPath build(List<X509Certificate> chain, Instant now) throws CertificateRefused {
        try {
            PKIXCertPathBuilderResult r = buildAt(chain, now);
            X509Certificate anchor = r.getTrustAnchor().getTrustedCert();
            if (!validAt(anchor, now)) {
                throw new CertificateRefused(ChainProblem.EXPIRED, "the root is not valid now");
            }
            @SuppressWarnings("unchecked")
            List<X509Certificate> path = (List<X509Certificate>) r.getCertPath().getCertificates();
            Instant from = anchor.getNotBefore().toInstant();
            Instant until = anchor.getNotAfter().toInstant();
            for (X509Certificate c : path) {
                from = max(from, c.getNotBefore().toInstant());
                until = min(until, c.getNotAfter().toInstant());
            }
            return new ValidPath(List.copyOf(path), anchor, from, until);
        } catch (GeneralSecurityException e) {
            // Does the chain fail only because of time? Retry at an instant when every certificate it
            // carries is valid: success there means it is trusted but expired (or not yet valid).
            Instant when = Instant.MIN;
            Instant end = Instant.MAX;
            for (X509Certificate c : chain) {
                when = max(when, c.getNotBefore().toInstant());
                end = min(end, c.getNotAfter().toInstant());
            }
            if (!when.isAfter(end) && !when.equals(now)) {
                try {
                    buildAt(chain, when);
                    throw new CertificateRefused(ChainProblem.EXPIRED, "a certificate is not valid at " + now);
                } catch (GeneralSecurityException ignored) {
                    // not a matter of time
                }
            }
            throw new CertificateRefused(ChainProblem.UNTRUSTED, rootCause(e));
        }
    }

    private PKIXCertPathBuilderResult buildAt(List<X509Certificate> chain, Instant at) throws GeneralSecurityException {
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(chain.get(0));
        PKIXBuilderParameters p = new PKIXBuilderParameters(anchors, target);
        List<X509Certificate> pool = new ArrayList<>(chain);
        pool.addAll(intermediates);
        p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool), BouncyCastle.PROVIDER));
        p.setDate(Date.from(at));
        p.setRevocationEnabled(false); // CRLs are applied below, to the path that was built
        return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX", BouncyCastle.PROVIDER).build(p);
    }

    private void checkRevocation(ValidPath vp) throws CertificateRefused {
        if (crls.isEmpty()) {
            return;
        }
        List<X509Certificate> path = vp.path;
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : vp.anchor;
            for (X509CRL crl : crls) {
                if (crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())
                        && crlSignedBy(crl, issuer.getPublicKey()) && crl.isRevoked(cert)) {
                    throw new CertificateRefused(ChainProblem.REVOKED,
                            "serial " + cert.getSerialNumber().toString(16) + " revoked by " + crl.getIssuerX500Principal());
                }
            }
        }
    }

    /** A CRL whose signature does not verify under the issuer's key is no evidence of anything: it is ignored. */
    private boolean crlSignedBy(X509CRL crl, PublicKey key) {
        return crlSignatureOk.computeIfAbsent(new CrlIssuerKey(crl, key), k -> {
            try {
                crl.verify(key, BouncyCastle.PROVIDER);
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        });
    }

    public static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey(), BouncyCastle.PROVIDER);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate c, Instant t) {
        return !t.isBefore(c.getNotBefore().toInstant()) && !t.isAfter(c.getNotAfter().toInstant());
    }

    private static String rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
