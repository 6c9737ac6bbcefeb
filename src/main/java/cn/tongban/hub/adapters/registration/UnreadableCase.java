package cn.tongban.hub.adapters.registration;

/** A case.submit whose body is not a case submission: retrying cannot help, so it is answered REJECTED. */
public class UnreadableCase extends Exception {
    public UnreadableCase(String message, Throwable cause) {
        super(message, cause);
    }
}
