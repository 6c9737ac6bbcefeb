/**
 * The append-only audit trail: every accept, refusal, send, receipt, dead letter, resend, directory change and
 * configuration change as one entry of a hash chain (each entry carries the SM3 of the one before), with
 * checkpoints signed by the node's SM2 signing key at intervals, and the verifier that finds an edited, inserted
 * or deleted entry ({@code tongban-hub audit verify}). What an entry says is masked: no names, no ID numbers.
 *
 * <p>Owns: the trail's tables' contents, its canonical encoding and its verification. May depend on:
 * {@code crypto}, {@code cases} (masking), Spring JDBC (the writer, {@link cn.tongban.hub.audit.StoredAuditTrail});
 * never on Camel, Spring MVC, the exchange or the protocol. The verifier and the records the command line uses
 * ({@link cn.tongban.hub.audit.AuditVerifier}, {@link cn.tongban.hub.audit.AuditEntry},
 * {@link cn.tongban.hub.audit.AuditCheckpoint}) use plain JDBC only, so that {@code audit verify} loads no Spring.
 */
package cn.tongban.hub.audit;
