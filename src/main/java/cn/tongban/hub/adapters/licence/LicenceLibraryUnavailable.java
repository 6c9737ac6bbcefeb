package cn.tongban.hub.adapters.licence;

/**
 * The licence library could not answer (no connection, time-out, 408, 429, 5xx): nothing was decided about
 * the licence, and asking again later may succeed. Its message carries no personal data.
 */
public class LicenceLibraryUnavailable extends Exception {
    public LicenceLibraryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
