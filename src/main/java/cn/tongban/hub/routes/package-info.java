/**
 * The hub's own Camel routes and the broker side of the exchange: the attempts after an outbound message's first
 * (which {@code exchange.DirectDelivery} makes at once) from the durable {@code tep.out} queue (scheduled
 * redelivery for back-off), the hand-over of accepted messages onto
 * {@code tep.in.<type>} queues with the broker's duplicate detection, and the sweeps that recover work a
 * crash left between store and broker. The routes that handle accepted messages live outside the jar, as
 * YAML in {@code routes/}, for operators to read and change.
 *
 * <p>Owns: Camel wiring. May depend on: {@code exchange}, {@code store}, Camel, Spring.
 */
package cn.tongban.hub.routes;
