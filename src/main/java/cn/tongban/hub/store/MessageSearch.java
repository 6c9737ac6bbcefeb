package cn.tongban.hub.store;

import java.time.OffsetDateTime;

/**
 * What an operator searches messages by; a null field matches anything. {@code partner} is the peer node
 * (the sender of an inbound message, the recipient of an outbound one), {@code conv} the conversation (a
 * case's messages carry its case id there), {@code from}/{@code to} bound the time the message was received
 * or created (from inclusive, to exclusive). {@code status}: an {@link OutboundStatus} name for outbound
 * messages, {@code ACCEPTED} or {@code HANDED_OVER} for inbound ones.
 */
public record MessageSearch(String partner, String type, String status, OffsetDateTime from, OffsetDateTime to,
                            String conv, int offset, int limit) {
    public MessageSearch {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }
}
