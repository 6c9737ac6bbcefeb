package cn.tongban.hub.transport;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import cn.tongban.hub.crypto.Sm3;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.protocol.TransportPeer;
import cn.tongban.hub.trust.NodeIdentity;

/**
 * The peer a TLS handshake authenticated: its certificate must name the node in its
 * {@code urn:tongban:node:} SAN and, where the directory lists {@code tlsCerts} for that node, be one of them.
 */
public record TlsPeer(X509Certificate certificate, Directory directory) implements TransportPeer {
    @Override
    public boolean isNode(String node) {
        if (certificate == null || !NodeIdentity.names(certificate, node)) {
            return false;
        }
        if (directory == null) {
            return true;
        }
        return directory.node(node).map(n -> n.tlsCerts().isEmpty() || n.tlsCerts().contains(sm3(certificate))).orElse(false);
    }

    private static String sm3(X509Certificate c) {
        try {
            return Sm3.hex(c.getEncoded());
        } catch (CertificateEncodingException e) {
            return "";
        }
    }
}
