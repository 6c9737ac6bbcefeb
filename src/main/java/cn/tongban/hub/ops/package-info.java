/**
 * Operations: the hub's meters, scraped at {@code /actuator/prometheus} on the local API connector. Every meter
 * of the hub's own is defined here, in {@link cn.tongban.hub.ops.HubMetrics} (names under {@code tongban.*}, tags
 * {@code partner}, {@code type}, {@code code}, …), fed by what the other packages report — the exchange's
 * {@link cn.tongban.hub.exchange.ExchangeEvents}, the pulls' reports — or read from them (store counts, the
 * directory in force, the embedded broker's queues, the running time limits). No other package knows Micrometer;
 * nothing depends on this one.
 *
 * <p>Owns: meter names, tags and units, and how often the gauges that read the store are refreshed. May depend
 * on: {@code exchange}, {@code store}, {@code handling}, {@code adapters.pull}, {@code protocol} (refusal codes),
 * Micrometer, Artemis' embedded server, Spring.
 */
package cn.tongban.hub.ops;
