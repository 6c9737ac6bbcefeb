package cn.tongban.hub.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import cn.tongban.hub.transport.ProblemDetails;
import cn.tongban.hub.transport.TepEndpoint;

/**
 * Keeps the two faces of the hub apart: the TEP endpoint only on the mutual-TLS connector, the local API only
 * on the plain API connector and only with the shared secret ({@code Authorization: Bearer <tongban.api.token>}), compared
 * in constant time; Actuator's health and Prometheus endpoints only on the API connector, open. Everything else is 404.
 */
public class PortSeparationFilter extends OncePerRequestFilter {
    /** Actuator's endpoints served on the API connector, without the token (README, "Metrics"). */
    static final java.util.Set<String> OPERATIONS = java.util.Set.of("/actuator/health", "/actuator/prometheus");
    private final byte[] token;

    public PortSeparationFilter(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("tongban.api.token must be set: local systems authenticate with it");
        }
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws ServletException, IOException {
        String path = req.getRequestURI();
        // the TEP connector is the only TLS one, so "secure" tells the two apart whatever ports were bound
        if (req.isSecure()) {
            if (path.equals(TepEndpoint.PATH)) {
                chain.doFilter(req, resp);
                return;
            }
        } else if (OPERATIONS.contains(path)) {
            // for supervisors and Prometheus, which scrape without the API's credentials: a status and counts of
            // nodes, types and codes, no case or personal data; on the API connector only (loopback by default)
            chain.doFilter(req, resp);
            return;
        } else if (path.startsWith("/api/")) {
            String auth = req.getHeader("Authorization");
            if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
                deny(resp, 401, "UNAUTHENTICATED", "send Authorization: Bearer <token>");
                return;
            }
            chain.doFilter(req, resp);
            return;
        }
        deny(resp, 404, "NOT_FOUND", "nothing here on this port");
    }

    private static void deny(HttpServletResponse resp, int status, String code, String detail) throws IOException {
        byte[] b = ProblemDetails.of("urn:tongban:error:" + code, code, status, code, detail);
        resp.setStatus(status);
        resp.setContentType(ProblemDetails.MEDIA_TYPE);
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
