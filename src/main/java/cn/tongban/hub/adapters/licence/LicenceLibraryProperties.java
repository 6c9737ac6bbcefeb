package cn.tongban.hub.adapters.licence;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The electronic-licence library adapter, under {@code tongban.adapters.licence.*}. Off by default: a hub
 * without a library still asks other regions ({@link LicenceVerifier}) and answers their
 * {@code license.verify} with {@code not-configured}.
 */
@ConfigurationProperties("tongban.adapters.licence")
public class LicenceLibraryProperties {
    /** Use this region's licence library to answer licence checks. */
    private boolean enabled = false;
    /** Base URL of the library's REST API; {@code licences/{licenceId}} is resolved against it. */
    private URI baseUrl;
    /** Time-out for connecting to the library. */
    private Duration connectTimeout = Duration.ofSeconds(2);
    /** Time-out for the library's whole answer. */
    private Duration requestTimeout = Duration.ofSeconds(5);
    /** Pinned library signing certificates (PEM or DER): a signer equal to one of them is trusted. */
    private List<Path> signerCertificates = new ArrayList<>();
    /**
     * CA certificates (PEM) a library signing certificate may chain to instead: self-signed ones are roots,
     * others intermediates.
     */
    private List<Path> trustRoots = new ArrayList<>();
    /** How long {@link LicenceVerifier} waits for another region's {@code license.verify.result}; also the request's lifetime. */
    private Duration remoteTimeout = Duration.ofMinutes(2);
    /**
     * Deliveries of one {@code license.verify} during which an unreachable library makes the message go back
     * to its queue (broker redelivery with back-off); at the last one the asker gets {@code library-unavailable}.
     */
    private int responderAttempts = 3;
    /** At most this many remote checks wait for their answer at once (the rest are refused at once). */
    private int maxPending = 10_000;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { enabled = v; }
    public URI getBaseUrl() { return baseUrl; }
    public void setBaseUrl(URI v) { baseUrl = v; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration v) { connectTimeout = v; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration v) { requestTimeout = v; }
    public List<Path> getSignerCertificates() { return signerCertificates; }
    public void setSignerCertificates(List<Path> v) { signerCertificates = v; }
    public List<Path> getTrustRoots() { return trustRoots; }
    public void setTrustRoots(List<Path> v) { trustRoots = v; }
    public Duration getRemoteTimeout() { return remoteTimeout; }
    public void setRemoteTimeout(Duration v) { remoteTimeout = v; }
    public int getResponderAttempts() { return responderAttempts; }
    public void setResponderAttempts(int v) { responderAttempts = v; }
    public int getMaxPending() { return maxPending; }
    public void setMaxPending(int v) { maxPending = v; }
}
