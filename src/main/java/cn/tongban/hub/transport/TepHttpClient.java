package cn.tongban.hub.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

import cn.tongban.hub.exchange.TepClient;
import cn.tongban.hub.trust.NodeIdentity;

/**
 * The sending side of TEP-1 §3 on the JDK's HTTP client: mutual TLS with the node's transport certificate,
 * connections kept alive and HTTP/2 where the peer offers it (but never used again once a request on them timed
 * out), and the peer's server certificate required to name the node the message is for.
 */
public class TepHttpClient implements TepClient {
    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final AtomicReference<HttpClient> http = new AtomicReference<>();

    public TepHttpClient(SSLContext tls, Duration connectTimeout, Duration requestTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.http.set(newClient());
    }

    private HttpClient newClient() {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_2).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Response post(URI endpoint, byte[] message, String peerNode) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", TepEndpoint.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build();
        HttpClient client = http.get();
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw e; // no connection was made, none is pooled
        } catch (HttpTimeoutException e) {
            // Why: the JDK client keeps an HTTP/2 connection pooled after a request on it timed out, and sends the
            // next requests on it again. A peer that stops answering on an open connection (wedged, or a middlebox
            // black-holing it) would then time out every later attempt, long after it answers new connections again,
            // until the messages expire. A fresh client opens a fresh connection; the abandoned client closes its
            // connections once it is collected. (Only the client that timed out is replaced, once.)
            http.compareAndSet(client, newClient());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        checkPeer(resp, peerNode);
        return new Response(resp.statusCode(), resp.body());
    }

    private static void checkPeer(HttpResponse<?> resp, String node) throws IOException {
        var session = resp.sslSession().orElseThrow(() -> new IOException("the endpoint is not HTTPS"));
        Certificate[] certs;
        try {
            certs = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new IOException("the peer did not authenticate", e);
        }
        if (certs.length == 0 || !(certs[0] instanceof X509Certificate c) || !NodeIdentity.names(c, node)) {
            throw new IOException("the endpoint's TLS certificate does not name node " + node);
        }
    }
}
