/**
 * The {@code bench} command's measurements: TEP/1 sealing and opening throughput through the hub's real
 * {@link cn.tongban.hub.protocol.MessageSealer} and {@link cn.tongban.hub.protocol.MessageOpener}, on a fresh
 * in-memory test federation, beside Bouncy Castle's raw SM2, SM4-GCM rates measured in the same run, and the
 * ratio of each protocol operation to its crypto floor; and ({@code bench exchange}) the whole exchange between two
 * hubs, beside its crypto ceiling and a plain bridge.
 *
 * <p>Owns: time-boxed measurement loops, closed- and open-loop load with latency percentiles, process CPU and
 * memory readings, the benchmark federation and the reports. It is a tool, not a test: nothing here asserts a
 * speed. May depend on: {@code protocol}, {@code crypto}, {@code trust}, {@code pki}, Bouncy Castle and the JDK;
 * never on Spring or Camel, so that {@code bench} starts as fast as the other verbs. The hubs and the bridge
 * {@code bench exchange} drives are started by an {@link cn.tongban.hub.bench.ExchangeRig} that {@code demo}
 * provides through {@link java.util.ServiceLoader}, so that they are loaded only when that command runs.
 */
package cn.tongban.hub.bench;
