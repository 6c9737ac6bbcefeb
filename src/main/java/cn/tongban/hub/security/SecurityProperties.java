package cn.tongban.hub.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Operator accounts of the local API and the console, under {@code tongban.security.*}:
 * <pre>
 * tongban:
 *   security:
 *     accounts:
 *       - name: alice
 *         password: "{bcrypt}$2a$10$..."   # Spring's DelegatingPasswordEncoder form; {noop}plain for tests
 *         roles: [OPERATOR]
 *       - name: bob
 *         password: "{bcrypt}$2a$10$..."
 *         roles: [VIEWER]
 * </pre>
 * With no account configured, the hub makes one, {@code operator}, with a random password kept in
 * {@code <tongban.data-dir>/operator-password} (see {@link GeneratedOperatorPassword}).
 */
@ConfigurationProperties("tongban.security")
public class SecurityProperties {
    /** The operator accounts; none: one generated account {@code operator}. */
    private List<Account> accounts = new ArrayList<>();

    /** One operator account. */
    public static class Account {
        /** The login name. */
        private String name;
        /** The password in Spring's DelegatingPasswordEncoder form: {@code {bcrypt}…}, {@code {pbkdf2}…}, or {@code {noop}…} (tests only). */
        private String password;
        /** VIEWER (reads) and/or OPERATOR (reads and writes: submissions, resends, cases, bundles, queries). */
        private List<String> roles = new ArrayList<>();

        public String getName() { return name; }
        public void setName(String v) { name = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> v) { roles = v; }
    }

    public List<Account> getAccounts() { return accounts; }
    public void setAccounts(List<Account> v) { accounts = v; }
}
