package cn.tongban.hub.store;

import java.time.OffsetDateTime;

/** One attempt to deliver an outbound message. {@code httpStatus} is null when no response came. */
public record DeliveryAttempt(String messageId, int attempt, OffsetDateTime at, Integer httpStatus, String outcome,
                              String detail) {
}
