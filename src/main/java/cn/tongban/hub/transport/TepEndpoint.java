package cn.tongban.hub.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.audit.AuditEvent;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.InboundExchange;
import cn.tongban.hub.exchange.Reception;
import cn.tongban.hub.protocol.RefusalCode;
import cn.tongban.hub.trust.NodeIdentity;

/**
 * {@code POST /tep/v1/messages} (TEP-1 §3). Step 1 happens here: a declared length over the limit is
 * refused before a byte of the body is read, and a body streamed without a length is read only up to the
 * limit. A body that has not arrived within the body read time-out (or stops arriving for Tomcat's
 * connection time-out) gets 408, which a sender retries (§7), and its connection is closed. The TLS client
 * certificate becomes the authenticated peer the exchange checks in step 5. A body over the limit is appended to
 * the audit trail as refused (TOO_LARGE), naming the node of the TLS client certificate; the exchange records
 * every other refusal and each acceptance.
 */
@RestController
public class TepEndpoint {
    public static final String PATH = "/tep/v1/messages";
    public static final String MEDIA_TYPE = "application/tep+json";

    private final InboundExchange exchange;
    private final DirectoryService directory;
    private final long limit;
    private final Duration bodyReadTimeout;
    private final AuditTrail audit;

    public TepEndpoint(InboundExchange exchange, DirectoryService directory, TransportSettings settings, AuditTrail audit) {
        this.audit = audit;
        this.exchange = exchange;
        this.directory = directory;
        this.limit = settings.maxBodySize();
        this.bodyReadTimeout = settings.bodyReadTimeout();
    }

    @PostMapping(PATH)
    public void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            exchange.refusedTooLarge();
            auditTooLarge(request, "declared " + declared + " bytes");
            tooLarge(response);
            return;
        }
        byte[] body;
        try {
            body = readUpTo(request.getInputStream(), limit, System.nanoTime() + bodyReadTimeout.toNanos());
        } catch (IOException e) {
            // too slow, or the client went silent or away mid-body: nothing to refuse, so no 4xx code of §4
            response.setHeader("Connection", "close"); // the rest of the body is not read (server.tomcat.max-swallow-size)
            try {
                write(response, 408, ProblemDetails.MEDIA_TYPE, ProblemDetails.of("urn:tep:error:TIMEOUT", "TIMEOUT", 408, "TIMEOUT",
                        "the body did not arrive in time"));
                response.flushBuffer(); // on the wire before the connection closes
            } catch (IOException gone) {
                // the client has gone: there is no one to answer
            }
            return;
        }
        if (body == null) {
            exchange.refusedTooLarge();
            auditTooLarge(request, "more than " + limit + " bytes arrived");
            tooLarge(response);
            return;
        }
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        TlsPeer peer = new TlsPeer(chain == null || chain.length == 0 ? null : chain[0], directory.current().orElse(null));
        Reception r = exchange.receive(body, peer);
        if (r.status() == 200) {
            write(response, 200, MEDIA_TYPE, r.receipt());
        } else if (r.refusal() != null) {
            write(response, r.status(), ProblemDetails.MEDIA_TYPE, ProblemDetails.of(r.refusal().code(), r.refusal().detail()));
        } else {
            response.setHeader("Retry-After", "5");
            write(response, 503, ProblemDetails.MEDIA_TYPE,
                    ProblemDetails.of("urn:tep:error:UNAVAILABLE", "UNAVAILABLE", 503, "UNAVAILABLE", r.unavailableReason()));
        }
    }

    private void auditTooLarge(HttpServletRequest request, String detail) {
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        java.util.List<String> nodes = chain == null || chain.length == 0 ? java.util.List.of() : NodeIdentity.nodesOf(chain[0]);
        audit.append(AuditEvent.refused(nodes.isEmpty() ? null : String.join(",", nodes), null, RefusalCode.TOO_LARGE.name(),
                detail + ", the limit is " + limit));
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close"); // the rest of the body is not read
        write(response, 413, ProblemDetails.MEDIA_TYPE, ProblemDetails.of(RefusalCode.TOO_LARGE, "the body is over the limit"));
        response.flushBuffer(); // on the wire before the connection closes
    }

    /**
     * The whole body, or null as soon as it passes {@code max} bytes.
     *
     * @throws IOException when the body is still arriving at {@code deadline} (checked after each read; a
     *                     read that waits longer than Tomcat's connection time-out fails by itself)
     */
    private static byte[] readUpTo(InputStream in, long max, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        for (int n; (n = in.read(buf)) != -1; ) {
            if (out.size() + (long) n > max) {
                return null;
            }
            out.write(buf, 0, n);
            if (System.nanoTime() - deadline > 0) {
                throw new java.net.SocketTimeoutException("the body took longer than the body read time-out");
            }
        }
        return out.toByteArray();
    }

    private static void write(HttpServletResponse response, int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
