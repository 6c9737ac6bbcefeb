/**
 * The federation directory (TEP-1 §6): verifying a signed directory (signer SAN {@code urn:tongban:directory},
 * chain, expiry), refusing rollback, and reading it — nodes, endpoints, certificates and who may send what —
 * as the {@link cn.tongban.hub.protocol.SenderPolicy} the receiving checks consult.
 *
 * <p>Owns: the directory's format and meaning. May depend on: {@code protocol}, {@code trust}, {@code crypto}.
 */
package cn.tongban.hub.directory;
