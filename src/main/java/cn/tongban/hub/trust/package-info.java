/**
 * Whom the hub trusts: federation roots, known intermediates and CRLs, certificate path validation with
 * Bouncy Castle's PKIX implementation, and the node identities certificates carry in their
 * subjectAltName ({@code urn:tongban:node:<code>}, {@code urn:tongban:directory}).
 *
 * <p>Owns: trust decisions about certificates. May depend on: {@code crypto}, Bouncy Castle, the JDK.
 */
package cn.tongban.hub.trust;
