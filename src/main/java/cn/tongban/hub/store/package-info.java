/**
 * Durable storage of what the hub receives and sends (TEP-1 §4 step 12, §7): accepted messages with their
 * receipts (the de-duplication key of step 9), the transactional hand-over outbox towards the broker,
 * outbound messages with their exact sealed bytes, delivery attempts, and the last valid directory.
 * Plain JDBC over one set of Flyway migrations ({@code db/migration}) that runs on H2 and PostgreSQL.
 *
 * <p>Owns: tables and SQL, and the embedded H2 file's upkeep ({@link cn.tongban.hub.store.EmbeddedStoreCompaction},
 * the one class that reaches into H2's own API). May depend on: Spring JDBC, H2 and the JDK; not on protocol types,
 * so that the schema's meaning is readable here alone.
 */
package cn.tongban.hub.store;
