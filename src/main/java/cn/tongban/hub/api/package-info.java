/**
 * The local REST API under {@code /api/v1}, on its own port apart from the TEP endpoint: local systems
 * submit messages to send and read their delivery status; operators search messages and cases, read a
 * message's trace, resend dead letters, and read the directory in force, the routes and the dashboard's
 * figures. Described by OpenAPI (springdoc) at {@code /api/v1/openapi.json}.
 *
 * <p>Owns: the local API's JSON shapes and the separation of the two ports. May depend on: {@code exchange},
 * {@code store}, {@code handling}, {@code queries}, {@code bundles}, {@code transport} (port settings),
 * {@code routes} (route counters), Spring MVC, and the CamelContext for its status (health, routes).
 */
package cn.tongban.hub.api;
