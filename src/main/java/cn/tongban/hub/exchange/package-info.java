/**
 * The exchange: what the hub does with TEP/1 messages between the wire and the routes. Receiving runs every
 * check of TEP-1 §4 in order, de-duplicates, stores and answers with a signed receipt; accepted messages are
 * handed over to the routes through a transactional outbox. Sending stores a sealed message before its
 * first attempt, delivers it with retries and back-off until {@code exp}, verifies and keeps the receipt, or
 * ends it dead. The directory in force is held, refreshed and never rolled back.
 *
 * <p>Owns: the state machines of receiving, hand-over, delivery and the directory. May depend on:
 * {@code protocol}, {@code directory}, {@code trust}, {@code crypto}, {@code store}, {@code audit} (it appends
 * each acceptance, refusal, send, attempt outcome, receipt, dead letter, resend and directory change). Transport and broker are
 * reached only through the interfaces declared here ({@link cn.tongban.hub.exchange.TepClient},
 * {@link cn.tongban.hub.exchange.DeliveryQueue}, {@link cn.tongban.hub.exchange.HandoverQueue}), never Camel.
 */
package cn.tongban.hub.exchange;
