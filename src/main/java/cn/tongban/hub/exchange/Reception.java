package cn.tongban.hub.exchange;

import cn.tongban.hub.protocol.Refusal;

/**
 * The answer to one received message (TEP-1 §3): a receipt (status 200, also for a duplicate), a refusal with
 * its code, or 503 when the message could not be stored (nothing was accepted; the sender retries).
 */
public record Reception(int status, byte[] receipt, Refusal refusal, boolean duplicate, String unavailableReason) {
    static Reception accepted(byte[] receipt, boolean duplicate) {
        return new Reception(200, receipt, null, duplicate, null);
    }

    static Reception refused(Refusal r) {
        return new Reception(r.code().httpStatus(), null, r, false, null);
    }

    static Reception unavailable(String why) {
        return new Reception(503, null, null, false, why);
    }
}
