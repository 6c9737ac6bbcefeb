package cn.tongban.hub.adapters.registration;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The SOAP bridge to the ministry's registration system ({@code tongban.adapters.registration.*}). */
@ConfigurationProperties("tongban.adapters.registration")
public class RegistrationProperties {
    /** Whether the hub hands case.submit to the registration system; off, the hub starts without it. */
    private boolean enabled = false;
    /** The registration system's SOAP endpoint (RegistrationService/RegistrationPort of wsdl/registration.wsdl). */
    private URI endpoint = URI.create("http://127.0.0.1:9101/registration");
    /** How long to wait for the TCP connection; past it the submission is retried later. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** How long to wait for the answer; past it the submission is retried later (SubmitCase is idempotent). */
    private Duration receiveTimeout = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReceiveTimeout() {
        return receiveTimeout;
    }

    public void setReceiveTimeout(Duration receiveTimeout) {
        this.receiveTimeout = receiveTimeout;
    }
}
