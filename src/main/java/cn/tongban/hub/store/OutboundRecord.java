package cn.tongban.hub.store;

import java.time.OffsetDateTime;

/** One message this hub sends, with its delivery state. */
public record OutboundRecord(String messageId, String toNode, String type, String conv, String svc, String ref,
                             String cty, String toOrg, byte[] plaintext, byte[] sealed, boolean encrypted, String digest, OutboundStatus status, int attempts,
                             OffsetDateTime createdAt, OffsetDateTime exp, OffsetDateTime nextAttemptAt,
                             OffsetDateTime lastAttemptAt, OffsetDateTime deliveredAt, String lastError,
                             String problem, byte[] receipt, String resentFrom) {
}
