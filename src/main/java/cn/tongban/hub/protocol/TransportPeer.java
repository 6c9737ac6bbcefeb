package cn.tongban.hub.protocol;

/**
 * The peer a transport authenticated (TEP-1 §1: the TLS client certificate's {@code urn:tongban:node:} SAN,
 * and the directory's {@code tlsCerts} where it lists them). Checked in step 5 with the signer.
 */
@FunctionalInterface
public interface TransportPeer {
    /** Whether the authenticated peer is allowed to speak for {@code node}. */
    boolean isNode(String node);
}
