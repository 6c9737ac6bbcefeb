package cn.tongban.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Operator accounts from configuration, their checks, and the password a fresh hub makes for itself. */
class OperatorAccountsTest {
    @TempDir
    Path tmp;

    final HubSecurity security = new HubSecurity();
    final PasswordEncoder encoder = security.passwordEncoder();

    @Test
    void aFreshHubMakesARandomOperatorPasswordKeptForItsOwnerOnly() throws Exception {
        MockEnvironment env = new MockEnvironment().withProperty("tongban.data-dir", tmp.resolve("370000").toString());
        UserDetails op = security.operatorAccounts(new SecurityProperties(), env).loadUserByUsername("operator");
        Path file = tmp.resolve("370000").resolve("operator-password");
        String password = Files.readString(file).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(encoder.matches(password, op.getPassword())).isTrue();
        assertThat(op.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // the next start keeps it; another machine gets another one
        UserDetails again = security.operatorAccounts(new SecurityProperties(), env).loadUserByUsername("operator");
        assertThat(encoder.matches(password, again.getPassword())).isTrue();
        MockEnvironment other = new MockEnvironment().withProperty("tongban.data-dir", tmp.resolve("130000").toString());
        security.operatorAccounts(new SecurityProperties(), other);
        assertThat(Files.readString(tmp.resolve("130000").resolve("operator-password")).trim()).isNotEqualTo(password);
    }

    @Test
    void configuredAccountsAreUsedAndNoPasswordIsMade() throws Exception {
        SecurityProperties p = new SecurityProperties();
        p.getAccounts().add(account("alice", encoder.encode("s3cret"), "operator"));
        p.getAccounts().add(account("bob", "{noop}pw", "VIEWER"));
        MockEnvironment env = new MockEnvironment().withProperty("tongban.data-dir", tmp.toString());
        UserDetailsService users = security.operatorAccounts(p, env);
        assertThat(users.loadUserByUsername("alice").getPassword()).startsWith("{bcrypt}");
        assertThat(encoder.matches("s3cret", users.loadUserByUsername("alice").getPassword())).isTrue();
        assertThat(users.loadUserByUsername("bob").getAuthorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
        assertThat(tmp.resolve("operator-password")).doesNotExist();
        // OPERATOR implies VIEWER
        assertThat(HubSecurity.roleHierarchy().getReachableGrantedAuthorities(users.loadUserByUsername("alice").getAuthorities()))
                .extracting(Object::toString).contains("ROLE_VIEWER", "ROLE_OPERATOR");
    }

    @Test
    void passwordsAreNeverRewrittenSoANoopAccountStaysCheap() throws Exception {
        SecurityProperties p = new SecurityProperties();
        p.getAccounts().add(account("bob", "{noop}pw", "VIEWER"));
        UserDetailsService users = security.operatorAccounts(p, new MockEnvironment().withProperty("tongban.data-dir", tmp.toString()));
        // a UserDetailsPasswordService would let Spring Security re-encode {noop}pw to bcrypt at its first use, and
        // every later HTTP Basic request would pay a bcrypt check
        assertThat(users).isNotInstanceOf(org.springframework.security.core.userdetails.UserDetailsPasswordService.class);
        org.springframework.security.authentication.dao.DaoAuthenticationProvider provider =
                new org.springframework.security.authentication.dao.DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        if (users instanceof org.springframework.security.core.userdetails.UserDetailsPasswordService upgrades) {
            provider.setUserDetailsPasswordService(upgrades); // what Spring Security's configuration would wire
        }
        for (int i = 0; i < 2; i++) {
            assertThat(provider.authenticate(new org.springframework.security.authentication.UsernamePasswordAuthenticationToken("bob", "pw"))
                    .isAuthenticated()).isTrue();
        }
        assertThat(users.loadUserByUsername("bob").getPassword()).isEqualTo("{noop}pw");
    }

    @Test
    void everyBadAccountIsNamed() {
        SecurityProperties p = new SecurityProperties();
        p.getAccounts().add(account("carol", "plain-text", "VIEWER"));
        p.getAccounts().add(account("dave", "{noop}x", "ADMIN"));
        p.getAccounts().add(account(" ", "{noop}x", "VIEWER"));
        assertThatThrownBy(() -> security.operatorAccounts(p, new MockEnvironment()))
                .hasMessageContaining("tongban.security.accounts[0].password must be in the form {id}")
                .hasMessageContaining("tongban.security.accounts[1].roles must be VIEWER and/or OPERATOR")
                .hasMessageContaining("tongban.security.accounts[2].name is missing")
                .hasMessageNotContaining("plain-text");
    }

    private static SecurityProperties.Account account(String name, String password, String... roles) {
        SecurityProperties.Account a = new SecurityProperties.Account();
        a.setName(name);
        a.setPassword(password);
        a.setRoles(List.of(roles));
        return a;
    }
}
