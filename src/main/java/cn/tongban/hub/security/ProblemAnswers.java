package cn.tongban.hub.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;

import cn.tongban.hub.transport.ProblemDetails;

/** The API's refusals in the same RFC 9457 problem details as the rest of it. */
final class ProblemAnswers {
    static final String REALM = "tongban-hub";

    private ProblemAnswers() {
    }

    /** 401 with the Basic challenge: no credentials, or wrong ones. */
    static AuthenticationEntryPoint unauthenticated() {
        return (req, resp, e) -> {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            write(resp, 401, "UNAUTHENTICATED", "log in: HTTP Basic with an operator account, or the console's session");
        };
    }

    /** 403: a role the call needs is missing, or a state-changing request came with the session but without its CSRF token. */
    static AccessDeniedHandler denied() {
        return (req, resp, e) -> {
            if (e instanceof CsrfException && req.getRequestURI().startsWith("/api/") && req.getHeader("Authorization") == null
                    && !loggedIn()) {
                // no session, no credentials: the CSRF check merely came first; the caller has to log in
                unauthenticated().commence(req, resp, null);
            } else if (e instanceof CsrfException) {
                write(resp, 403, "CSRF", "a state-changing request made with the console's session needs its CSRF token "
                        + "(header X-CSRF-TOKEN); API clients send their credentials in Authorization with a JSON body");
            } else {
                write(resp, 403, "FORBIDDEN", "this account's roles do not allow " + req.getMethod() + " " + req.getRequestURI());
            }
        };
    }

    private static boolean loggedIn() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.isAuthenticated() && !(a instanceof AnonymousAuthenticationToken);
    }

    static void write(HttpServletResponse resp, int status, String code, String detail) throws IOException {
        byte[] b = ProblemDetails.of("urn:tongban:error:" + code, code, status, code, detail);
        resp.setStatus(status);
        resp.setContentType(ProblemDetails.MEDIA_TYPE);
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
