/**
 * The running hub: the Spring Boot application, its typed configuration ({@link cn.tongban.hub.app.HubProperties},
 * every {@code tongban.*} property) and the wiring of the protocol core, store, exchange, transport and
 * routes into one process.
 *
 * <p>Owns: configuration and assembly. May depend on every other package; nothing depends on it but the
 * entry point.
 */
package cn.tongban.hub.app;
