package cn.tongban.hub.adapters.registration;

/**
 * The registration system gave no usable answer: a time-out, no connection, an HTTP error, a SOAP fault other
 * than a validation fault, or a reply the hardened parser refused. Retryable: nothing was decided, so the
 * route lets it roll the JMS transaction back and the case is submitted again later.
 */
public class RegistrationUnavailable extends Exception {
    public RegistrationUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
