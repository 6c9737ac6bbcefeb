package cn.tongban.hub.protocol;

/** The refusal codes of TEP-1 §4, each with the HTTP status a receiver answers with. */
public enum RefusalCode {
    TOO_LARGE(413),
    MALFORMED(400),
    UNSUPPORTED(400),
    CERT_UNTRUSTED(403),
    CERT_EXPIRED(403),
    CERT_REVOKED(403),
    SENDER_MISMATCH(403),
    SIGNATURE_INVALID(403),
    WRONG_RECIPIENT(400),
    EXPIRED(400),
    NOT_AUTHORIZED(403),
    DECRYPTION_FAILED(400);

    private final int httpStatus;

    RefusalCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The RFC 9457 problem type, {@code urn:tep:error:<CODE>}. */
    public String problemType() {
        return "urn:tep:error:" + name();
    }
}
