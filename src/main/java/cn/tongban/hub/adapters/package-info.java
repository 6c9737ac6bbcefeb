/**
 * Adapters to a region's own systems, one sub-package per system: each transforms between that system's
 * format and the canonical model ({@code cases}), and is wired by its own Spring configuration, found by
 * component scanning. Operator-facing routes that call them are YAML in {@code routes/}.
 *
 * <p>Own: one system's protocol and format each. May depend on: {@code cases}, {@code exchange},
 * {@code store}, {@code crypto}, {@code trust}, {@code protocol}, {@code pki} (simulators' test material),
 * Camel, Spring; never on each other.
 */
package cn.tongban.hub.adapters;
