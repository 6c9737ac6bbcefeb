package cn.tongban.hub.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.InboundExchange;
import cn.tongban.hub.exchange.Reception;
import cn.tongban.hub.protocol.RefusalCode;

/**
 * {@code POST /tep/v1/messages} (TEP-1 §3). Step 1 happens here: a declared length over the limit is
 * refused before a byte of the body is read, and a body streamed without a length is read only up to the
 * limit. The TLS client certificate becomes the authenticated peer the exchange checks in step 5.
 */
@RestController
public class TepEndpoint {
    public static final String PATH = "/tep/v1/messages";
    public static final String MEDIA_TYPE = "application/tep+json";

    private final InboundExchange exchange;
    private final DirectoryService directory;
    private final long limit;

    public TepEndpoint(InboundExchange exchange, DirectoryService directory, TransportSettings settings) {
        this.exchange = exchange;
        this.directory = directory;
        this.limit = settings.maxBodySize();
    }

    @PostMapping(PATH)
    public void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response);
            return;
        }
        byte[] body = readUpTo(request.getInputStream(), limit);
        if (body == null) {
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

    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close"); // the rest of the body is not read
        write(response, 413, ProblemDetails.MEDIA_TYPE, ProblemDetails.of(RefusalCode.TOO_LARGE, "the body is over the limit"));
    }

    /** The whole body, or null as soon as it passes {@code max} bytes. */
    private static byte[] readUpTo(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        for (int n; (n = in.read(buf)) != -1; ) {
            if (out.size() + (long) n > max) {
                return null;
            }
            out.write(buf, 0, n);
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
