package cn.tongban.hub.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import cn.tongban.hub.transport.ProblemDetails;
import cn.tongban.hub.transport.TepEndpoint;

/**
 * Keeps the two faces of the hub apart, before any login is looked at: the TEP endpoint only on the
 * mutual-TLS connector, the local API, the console and its login only on the plain API connector.
 * Everything else is 404. Who may call what on the API connector is the {@code security} package's business.
 */
public class PortSeparationFilter extends OncePerRequestFilter {
    /** What the API connector serves: the API (with its OpenAPI description and Swagger UI), the console, its login. */
    private static final String[] API_CONNECTOR_PATHS = {"/api/", "/console/", "/login", "/logout",
            // Actuator: these two only, every other Actuator endpoint stays unexposed (README, "Metrics")
            "/actuator/health", "/actuator/prometheus"};

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
        } else if (onApiConnector(path)) {
            chain.doFilter(req, resp);
            return;
        }
        deny(resp, 404, "NOT_FOUND", "nothing here on this port");
    }

    private static boolean onApiConnector(String path) {
        if (path.equals("/") || path.equals("/console")) {
            return true; // both lead to the console
        }
        for (String p : API_CONNECTOR_PATHS) {
            if (p.endsWith("/") ? path.startsWith(p) : path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static void deny(HttpServletResponse resp, int status, String code, String detail) throws IOException {
        byte[] b = ProblemDetails.of("urn:tongban:error:" + code, code, status, code, detail);
        resp.setStatus(status);
        resp.setContentType(ProblemDetails.MEDIA_TYPE);
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
