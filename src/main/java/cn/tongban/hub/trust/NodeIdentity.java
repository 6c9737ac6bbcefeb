package cn.tongban.hub.trust;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Identities carried as subjectAltName URIs (TEP-1 §1): the SAN, not the CN, is authoritative.
 */
public final class NodeIdentity {
    public static final String NODE_URI_PREFIX = "urn:tongban:node:";
    public static final String DIRECTORY_URI = "urn:tongban:directory";
    private static final int SAN_URI = 6;

    private NodeIdentity() {
    }

    /** The node codes a certificate names, usually one; empty when it names none. */
    public static List<String> nodesOf(X509Certificate cert) {
        List<String> nodes = new ArrayList<>();
        for (String uri : sanUris(cert)) {
            if (uri.startsWith(NODE_URI_PREFIX)) {
                nodes.add(uri.substring(NODE_URI_PREFIX.length()));
            }
        }
        return nodes;
    }

    public static boolean names(X509Certificate cert, String node) {
        return nodesOf(cert).contains(node);
    }

    public static boolean isDirectorySigner(X509Certificate cert) {
        return sanUris(cert).contains(DIRECTORY_URI);
    }

    static List<String> sanUris(X509Certificate cert) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(SAN_URI).equals(san.get(0)) && san.get(1) instanceof String s) {
                        uris.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable SAN names nobody
        }
        return uris;
    }
}
