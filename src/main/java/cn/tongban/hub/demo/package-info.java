/**
 * Running hubs of a local federation in one process, and the cross-region demo
 * ({@code java -jar target/tongban-hub.jar demo}): two regions' hubs, Hebei's licence library and Shandong's
 * registration system (simulators), one real case from a Cangzhou window to a Zibo authority, and its trace.
 *
 * <p>Owns: local multi-hub start-up and the demo script. May depend on every package.
 */
package cn.tongban.hub.demo;
