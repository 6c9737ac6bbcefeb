/**
 * TEP/1 over HTTPS with mutual TLS (TEP-1 §3): the receiving endpoint {@code POST /tep/v1/messages} (size
 * limit before reading, the TLS client certificate as the authenticated peer, receipts or RFC 9457 problem
 * details) and the sending client (the node's P-256 transport certificate, peers checked against the
 * transport root and their node SAN, kept-alive connections).
 *
 * <p>Owns: HTTP and TLS. May depend on: {@code exchange}, {@code protocol}, {@code directory}, {@code trust},
 * {@code crypto}, {@code audit} (a body over the limit is recorded as refused), Spring MVC.
 */
package cn.tongban.hub.transport;
