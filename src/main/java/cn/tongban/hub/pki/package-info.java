/**
 * Test federation material: SM2 root and intermediate CAs, node and directory-signer certificates, CRLs,
 * the ECDSA P-256 transport root and TLS certificates, and a signed directory, written in the file layout
 * {@code shared/tepkit/tepkit.py} also reads. Backs the {@code pki} command and the test suite; real
 * federations are made by their operators' CAs ({@code certs/README.md}).
 *
 * <p>Owns: issuing certificates. May depend on: {@code crypto}, {@code trust}, {@code protocol},
 * {@code directory}.
 */
package cn.tongban.hub.pki;
