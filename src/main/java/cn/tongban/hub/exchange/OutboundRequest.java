package cn.tongban.hub.exchange;

import java.time.Duration;

/**
 * What a local system asks the hub to send: {@code to} (node code), {@code type}, and optionally
 * {@code toOrg}, {@code svc}, {@code conv} (a fresh one when null), {@code ref}, {@code cty} (default
 * {@code application/json}). {@code encrypt} false sends the body in the clear ({@code enc: none}).
 * {@code lifetime} (null: the hub's {@code tongban.retry.message-lifetime}) bounds how long the hub keeps
 * trying: the message's {@code exp - iat}, at most 7 days.
 */
public record OutboundRequest(String to, String toOrg, String type, String svc, String conv, String ref, String cty,
                              byte[] body, boolean encrypt, Duration lifetime) {
    public static OutboundRequest json(String to, String type, String conv, byte[] body) {
        return new OutboundRequest(to, null, type, null, conv, null, "application/json", body, true, null);
    }
}
