/**
 * Handling an inbound case ({@code case.submit}) in the region that decides it: validate it, check its
 * electronic licences where they are held (the local library, or the holder region's hub through
 * {@code license.verify}: 免提交), submit it to the deciding system, and send every status back to the
 * region that received it ({@code case.status}). The systems are reached through the interfaces declared here,
 * implemented by the adapters, so that adapters stay independent of each other.
 *
 * <p>Owns: the order of handling steps. May depend on: {@code cases}, {@code exchange}, Jackson.
 */
package cn.tongban.hub.handling;
