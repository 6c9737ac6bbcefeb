/**
 * Who may use the local API and the console: operator accounts with the roles VIEWER (reads) and OPERATOR
 * (reads and every state-changing call; implies VIEWER), HTTP Basic for the API, form login with a session
 * and CSRF tokens for the console, the optional bearer token of local systems, and a password generated on
 * a fresh machine's first start when no account is configured. The TEP endpoint on the mutual-TLS connector
 * is not behind any login: the peer's certificate is its authentication (TEP-1 §3), checked by the exchange.
 *
 * <p>Owns: accounts, roles and the security filter chains. May depend on: {@code transport} (the TEP path and
 * problem details), Spring Security, Spring Boot; nothing depends on it.
 */
package cn.tongban.hub.security;
