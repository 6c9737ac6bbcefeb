package cn.tongban.hub.app;

import java.io.IOException;
import java.time.Clock;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.audit.StoredAuditTrail;

/**
 * The audit trail: checkpoints signed with the node's signing key, and at start the effective {@code tongban.*}
 * configuration recorded (CONFIGURATION_CHANGED when it differs from the last recorded), before the directory and
 * the exchange start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {
    private static final ConfigurationPropertyName TONGBAN = ConfigurationPropertyName.of("tongban");

    @Bean(destroyMethod = "close")
    StoredAuditTrail auditTrail(HubProperties p, AuditProperties a, JdbcTemplate jdbc, Clock clock, ConfigurableEnvironment env)
            throws IOException {
        CredentialsLoader.SigningIdentity signing = CredentialsLoader.signingIdentity(p);
        StoredAuditTrail trail = new StoredAuditTrail(jdbc, clock, signing.key(), signing.chain().get(0),
                new StoredAuditTrail.Settings(a.getCheckpointEvery(), a.getCheckpointInterval(), a.getAppendTimeout(), a.getMaxBatch()));
        trail.recordConfiguration(p.getNode(), effectiveConfiguration(env));
        return trail;
    }

    /**
     * Every {@code tongban.*} key any source sets (files, command line, environment), by its canonical name, with
     * the value in force.
     */
    static SortedMap<String, String> effectiveConfiguration(ConfigurableEnvironment env) {
        SortedMap<String, String> out = new TreeMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(TONGBAN::isAncestorOf).forEach(name -> {
                    String key = name.toString();
                    if (!out.containsKey(key)) {
                        out.put(key, env.getProperty(key, ""));
                    }
                });
            }
        }
        return out;
    }
}
