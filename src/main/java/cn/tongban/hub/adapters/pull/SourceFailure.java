package cn.tongban.hub.adapters.pull;

/** The source cannot be read (unreachable, refused, an export whose columns changed): the run stops, nothing is lost. */
public class SourceFailure extends RuntimeException {
    public SourceFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public SourceFailure(String message) {
        super(message);
    }
}
