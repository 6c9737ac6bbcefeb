/**
 * The local REST API under {@code /api/v1}, on its own port apart from the TEP endpoint: local systems
 * submit messages to send and read their delivery status; bearer-token authenticated.
 *
 * <p>Owns: the local API's JSON shapes and its access check. May depend on: {@code exchange}, {@code store},
 * {@code transport} (port settings), Spring MVC, and the CamelContext for its status (health).
 */
package cn.tongban.hub.api;
