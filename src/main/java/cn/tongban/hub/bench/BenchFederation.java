package cn.tongban.hub.bench;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.trust.TrustStore;

/**
 * A fresh test federation held in memory for one benchmark run: an SM2 root, an intermediate, and two nodes
 * (sender {@value #SENDER}, receiver {@value #RECEIVER}) whose certificates the intermediate issues, exactly the
 * shape {@code pki} writes. Nothing is written to disk and the keys die with the run.
 */
record BenchFederation(X509Certificate root, Credential sender, Credential receiver) {
    static final String SENDER = "370000";
    static final String RECEIVER = "130000";

    static BenchFederation create() {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(30));
        CertificateAuthority root = CertificateAuthority.newRoot("Tongban Bench Root CA", from, until);
        CertificateAuthority inter = root.newIntermediate("Tongban Bench Intermediate CA", from, until);
        return new BenchFederation(root.certificate(), inter.issueNode(SENDER, from, until),
                inter.issueNode(RECEIVER, from, until));
    }

    /** A receiver's trust: the root alone (the intermediate travels in {@code x5c}). */
    TrustStore trust() {
        return TrustStore.of(List.of(root), List.of());
    }
}
