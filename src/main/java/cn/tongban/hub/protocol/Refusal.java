package cn.tongban.hub.protocol;

/** A message refused by a TEP-1 §4 check. The detail is for logs and problem details; it never holds body data. */
public class Refusal extends Exception {
    private final RefusalCode code;

    public Refusal(RefusalCode code, String detail) {
        super(code + ": " + detail);
        this.code = code;
    }

    public Refusal(RefusalCode code, String detail, Throwable cause) {
        super(code + ": " + detail, cause);
        this.code = code;
    }

    public RefusalCode code() {
        return code;
    }

    /** The detail without the code prefix. */
    public String detail() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
