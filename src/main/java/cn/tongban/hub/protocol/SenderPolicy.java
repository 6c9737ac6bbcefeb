package cn.tongban.hub.protocol;

import java.security.cert.X509CRL;
import java.util.Collection;

/**
 * What the federation directory (TEP-1 §6) tells the receiving checks: which signing certificates each node
 * uses (second half of §4 step 5), who may send what to whom (step 10), and the CRLs it carries (step 4).
 * Implemented by the directory package; the protocol core only asks.
 */
public interface SenderPolicy {
    /** Whether the directory lists the certificate with this SM3 hex (of its DER) as a signing certificate of {@code node}. */
    boolean listsSigningCertificate(String node, String certSm3Hex);

    /** Whether {@code to} accepts messages of {@code type} (about service item {@code svc}, may be null) from {@code from}. */
    boolean allows(String from, String to, String type, String svc);

    Collection<X509CRL> crls();
}
