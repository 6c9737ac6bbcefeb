/**
 * 一件事一次办: one life event (opening a restaurant) as a bundle of service items, fanned out in parallel to
 * each department's system, with the results brought back together (多果一起出). Each department has its own
 * time-out; a department that fails or does not answer is shown on its item, not hidden in the bundle; the
 * bundle's state is derived from its items' states by one rule ({@link cn.tongban.hub.bundles.BundleState#of}).
 *
 * <p>Owns: fan-out, per-item outcomes and the derivation rule. May depend on: {@code cases}, {@code exchange},
 * Jackson, the JDK.
 */
package cn.tongban.hub.bundles;
