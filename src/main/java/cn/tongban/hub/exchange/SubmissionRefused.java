package cn.tongban.hub.exchange;

/** A submission the hub will not send (unknown node, not allowed by the peer's {@code accepts}, bad request). */
public class SubmissionRefused extends Exception {
    private final String code;

    public SubmissionRefused(String code, String detail) {
        super(detail);
        this.code = code;
    }

    /** NOT_AUTHORIZED, UNKNOWN_NODE or INVALID. */
    public String code() {
        return code;
    }
}
