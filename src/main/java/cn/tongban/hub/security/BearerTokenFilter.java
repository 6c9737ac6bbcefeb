package cn.tongban.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Local systems that call the API with the shared secret {@code tongban.api.token} ({@code Authorization:
 * Bearer <token>}, compared in constant time) act as the account {@value #ACCOUNT} with the OPERATOR role.
 * Without a configured token no bearer credential is accepted. A wrong token is answered 401 at once.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
    static final String ACCOUNT = "local-system";
    private final byte[] expected;

    BearerTokenFilter(String token) {
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws ServletException, IOException {
        String auth = req.getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(req, resp);
            return;
        }
        if (expected == null || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8))) {
            ProblemAnswers.unauthenticated().commence(req, resp, null);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ACCOUNT, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + Roles.OPERATOR))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(req, resp);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
