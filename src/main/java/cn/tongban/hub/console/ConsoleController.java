package cn.tongban.hub.console;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The console's entry ({@code /} and {@code /console} lead to {@code /console/}, which is its
 * {@code index.html}) and {@code GET /console/session}: the account, its roles (the pages show an
 * operator's buttons to operators only) and the CSRF token every state-changing call of the page sends as
 * the header named there.
 */
@Controller
public class ConsoleController {

    @GetMapping({"/", "/console"})
    public String toConsole() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    public String index() {
        return "forward:/console/index.html";
    }

    @GetMapping(path = "/console/session", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public Map<String, Object> session(Authentication who, CsrfToken csrf) {
        List<String> roles = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().toList();
        return Map.of("account", who.getName(), "roles", roles,
                "csrf", Map.of("header", csrf.getHeaderName(), "parameter", csrf.getParameterName(), "token", csrf.getToken()));
    }
}
