/**
 * Running hubs of a local federation in one process, and the cross-region demo
 * ({@code java -jar target/tongban-hub.jar demo}): two regions' hubs, Hebei's licence library and Shandong's
 * registration system (simulators), one real case from a Cangzhou window to a Zibo authority, and its trace.
 *
 * Also the rig of {@code bench exchange} ({@code BenchHubs}: two hubs and a plain HTTP → Artemis → HTTP bridge),
 * which the {@code bench} package finds through {@link java.util.ServiceLoader}.
 *
 * <p>Owns: local multi-hub start-up, the demo script and the exchange benchmark's rig. May depend on every package.
 */
package cn.tongban.hub.demo;
