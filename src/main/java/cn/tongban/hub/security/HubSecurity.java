package cn.tongban.hub.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The two faces of the hub, secured apart. The mutual-TLS connector (the only secure one) carries the TEP
 * endpoint alone, and no login stands in front of it: its chain permits every request, keeps no session and
 * adds no headers, so the endpoint behaves as without Spring Security. On the API connector: {@code GET
 * /api/v1/health} is open (supervisors wait on it); every other {@code GET} of the API needs VIEWER, every
 * other method OPERATOR; the console needs a login (form, session). CSRF tokens guard every state-changing
 * request except an API client's, i.e. one that carries its credentials itself ({@code Authorization}) with
 * a JSON body — a browser sends neither across sites without the hub's CORS consent, which it never gives.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class HubSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(HubSecurity.class);

    /** Where the console's login page is, and where it goes once logged in. */
    public static final String LOGIN = "/login";
    public static final String CONSOLE = "/console/";

    @Bean
    @Order(1)
    SecurityFilterChain tepEndpointChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(HttpServletRequest::isSecure)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .headers(h -> h.disable())
                .requestCache(c -> c.disable())
                .securityContext(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .anonymous(a -> a.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain operatorChain(HttpSecurity http, @Value("${tongban.api.token:}") String token) throws Exception {
        RequestMatcher api = r -> r.getRequestURI().startsWith("/api/") || r.getRequestURI().startsWith("/actuator/");
        return http
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/health", "/actuator/health").permitAll()
                        // counts by partner node, type and refusal code: not case data, but the federation's traffic
                        // picture; Prometheus scrapes with a viewer account (basic_auth in its scrape config)
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole(Roles.VIEWER)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(Roles.VIEWER)
                        .requestMatchers("/api/**").hasRole(Roles.OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/console/**").hasRole(Roles.VIEWER)
                        .requestMatchers("/console/**").hasRole(Roles.OPERATOR)
                        .anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(token), BasicAuthenticationFilter.class)
                .httpBasic(b -> b.realmName(ProblemAnswers.REALM).authenticationEntryPoint(ProblemAnswers.unauthenticated()))
                .formLogin(f -> f.defaultSuccessUrl(CONSOLE).permitAll()) // Spring's own login page at /login, with its CSRF token
                .logout(l -> l.logoutSuccessUrl(LOGIN + "?logout"))
                .csrf(c -> c.ignoringRequestMatchers(HubSecurity::carriesItsOwnCredentials))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(ProblemAnswers.unauthenticated(), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN), AnyRequestMatcher.INSTANCE)
                        .defaultAccessDeniedHandlerFor(ProblemAnswers.denied(), AnyRequestMatcher.INSTANCE))
                .build();
    }

    /**
     * An API client's request: credentials in {@code Authorization} that the browser did not add by itself
     * (a bearer token never is; Basic could be, once a browser has been asked for it, so Basic counts only
     * with a JSON body, which no cross-site form or no-CORS request can send).
     */
    static boolean carriesItsOwnCredentials(HttpServletRequest r) {
        String auth = r.getHeader("Authorization");
        if (auth == null) {
            return false;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        String type = r.getContentType();
        return auth.regionMatches(true, 0, "Basic ", 0, 6) && type != null
                && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type));
    }

    /** OPERATOR is a VIEWER too. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(Roles.OPERATOR).implies(Roles.VIEWER).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operatorAccounts(SecurityProperties p, Environment env) throws IOException {
        List<UserDetails> users = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < p.getAccounts().size(); i++) {
            SecurityProperties.Account a = p.getAccounts().get(i);
            String key = "tongban.security.accounts[" + i + "]";
            if (a.getName() == null || a.getName().isBlank()) {
                errors.add(key + ".name is missing");
                continue;
            }
            if (a.getPassword() == null || !a.getPassword().matches("^\\{[^}]+}.+")) {
                errors.add(key + ".password must be in the form {id}encoded, e.g. {bcrypt}$2a$10$... or {noop}secret (tests)");
            }
            List<String> roles = a.getRoles().stream().map(r -> r.trim().toUpperCase(Locale.ROOT)).toList();
            if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
                errors.add(key + ".roles must be VIEWER and/or OPERATOR, not " + a.getRoles());
            }
            if (errors.isEmpty()) {
                users.add(User.withUsername(a.getName()).password(a.getPassword()).roles(roles.toArray(String[]::new)).build());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("operator accounts: " + String.join("; ", errors));
        }
        if (users.isEmpty()) {
            Path file = Path.of(env.getProperty("tongban.data-dir", "data")).resolve(GeneratedOperatorPassword.FILE_NAME);
            String password = GeneratedOperatorPassword.readOrCreate(file);
            users.add(User.withUsername("operator").password("{noop}" + password).roles(Roles.OPERATOR).build());
            LOG.warn("no operator account configured (tongban.security.accounts): account 'operator' (role OPERATOR) "
                    + "has the password kept in {}, readable by its owner only", file.toAbsolutePath());
        }
        // Only the lookup: InMemoryUserDetailsManager is also a UserDetailsPasswordService, through which Spring
        // Security "upgrades" a {noop} password to bcrypt at its first use, after which every HTTP Basic request
        // pays a bcrypt check (about 50 ms of CPU here; CrashRecoveryIT's 10,000 API calls took twice as long).
        // Passwords stay as the operator configured them; {bcrypt} ones cost that check on each Basic request, so
        // local systems calling in volume use the bearer token or a session (README, "Operating the hub").
        InMemoryUserDetailsManager accounts = new InMemoryUserDetailsManager(users);
        return accounts::loadUserByUsername;
    }
}
