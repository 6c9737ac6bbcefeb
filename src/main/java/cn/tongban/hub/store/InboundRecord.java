package cn.tongban.hub.store;

import java.time.OffsetDateTime;

/** One accepted message, as stored before its receipt went out. */
public record InboundRecord(String fromNode, String messageId, String type, String conv, String svc, String ref,
                            String fromOrg, String cty, OffsetDateTime iat, OffsetDateTime exp, byte[] raw,
                            byte[] plaintext, byte[] receipt, OffsetDateTime receivedAt, OffsetDateTime handedOverAt) {
}
