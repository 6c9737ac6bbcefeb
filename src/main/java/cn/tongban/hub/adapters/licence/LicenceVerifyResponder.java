package cn.tongban.hub.adapters.licence;

import java.time.Clock;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * Answers another region's {@code license.verify} (route {@code licence-verify} in {@code routes/licence.yaml}):
 * checks the licence in this region's library and sends {@code license.verify.result} back to the sender, in
 * the same conversation, {@code ref} = the request's id, encrypted (the result names the holder).
 *
 * <p>Without a library configured it answers {@code not-configured}, so an asker learns that at once
 * instead of waiting out its time-out. An unreachable library throws, so that the transacted route rolls back
 * and the broker redelivers with back-off; on the {@code responderAttempts}-th delivery it answers
 * {@code library-unavailable} instead. A redelivery after the reply was sent sends it again; the asker takes
 * the first and ignores the rest.
 */
public class LicenceVerifyResponder {
    private static final Logger LOG = LoggerFactory.getLogger(LicenceVerifyResponder.class);

    private final LicenceLibraryClient client;
    private final OutboundExchange outbound;
    private final int attempts;
    private final Clock clock;

    /** @param client null when this hub has no licence library */
    public LicenceVerifyResponder(LicenceLibraryClient client, OutboundExchange outbound, int attempts, Clock clock) {
        this.client = client;
        this.outbound = outbound;
        this.attempts = Math.max(1, attempts);
        this.clock = clock;
    }

    /** One accepted {@code license.verify}: its plaintext and the hand-over headers ({@code tepFrom}, {@code tepId}, …). */
    public void handle(@Body byte[] body, @Headers Map<String, Object> headers) throws LicenceLibraryUnavailable {
        String from = header(headers, "tepFrom");
        String id = header(headers, "tepId");
        String conv = header(headers, "tepConv");
        if (from == null || id == null) {
            LOG.warn("license.verify without tepFrom/tepId dropped");
            return;
        }
        LicenceCheck.Request request = null;
        LicenceCheck.Result result;
        try {
            request = LicenceJson.read(body, LicenceCheck.Request.class);
        } catch (IllegalArgumentException e) {
            // the cause may quote the body, which may hold personal data: not logged
        }
        if (request == null) {
            result = LicenceVerdict.BAD_REQUEST.result(null, "the body is not a LicenceCheck.Request", clock);
        } else if (client == null) {
            result = LicenceVerdict.NOT_CONFIGURED.result(request.licenceId(),
                    "no licence library is configured at this hub", clock);
        } else {
            try {
                result = client.check(request);
            } catch (LicenceLibraryUnavailable e) {
                int delivery = deliveryCount(headers);
                if (delivery < attempts) {
                    LOG.warn("license.verify {} from {}: {} (delivery {} of {}, will be redelivered)", id, from,
                            e.getMessage(), delivery, attempts);
                    throw e;
                }
                result = LicenceVerdict.LIBRARY_UNAVAILABLE.result(request.licenceId(),
                        "the licence library stayed unreachable over " + attempts + " attempts", clock);
            }
        }
        try {
            String replyId = outbound.submit(new OutboundRequest(from, null, LicenceVerifier.RESULT_TYPE, null, conv, id,
                    "application/json", LicenceJson.write(result), true, null));
            LOG.info("license.verify {} from {}: {} (answer {})", id, from, result.status(), replyId);
        } catch (SubmissionRefused e) {
            // refused for good (the asker's accepts, the directory): redelivery would not change that
            LOG.warn("license.verify {} from {}: the answer cannot be sent: {} {}", id, from, e.code(), e.getMessage());
        }
    }

    private static String header(Map<String, Object> headers, String name) {
        Object v = headers.get(name);
        return v == null ? null : v.toString();
    }

    /** The broker's delivery count (1 on the first delivery); JMSRedelivered alone counts as 2. */
    static int deliveryCount(Map<String, Object> headers) {
        Object c = headers.get("JMSXDeliveryCount");
        if (c != null) {
            try {
                return Integer.parseInt(c.toString());
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return Boolean.TRUE.equals(headers.get("JMSRedelivered")) ? 2 : 1;
    }
}
