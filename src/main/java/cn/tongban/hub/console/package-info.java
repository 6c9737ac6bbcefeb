/**
 * The operators' web console, served by the hub itself on the API connector at {@code /console/}: plain
 * HTML, CSS and JavaScript under {@code static/console} (no build step) that call the local API with the
 * login session, and the one endpoint they need beside the API: who is logged in, with which roles, and the
 * session's CSRF token.
 *
 * <p>Owns: the console's pages and its session endpoint. May depend on: Spring MVC and Spring Security;
 * nothing depends on it.
 */
package cn.tongban.hub.console;
