package cn.tongban.hub.adapters.registration;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.exchange.OutboundExchange;

/**
 * The beans routes/registration.yaml calls ({@code registrationBridge}, {@code registrationClient}), only
 * with {@code tongban.adapters.registration.enabled=true}: off, the hub neither needs nor contacts the system.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "tongban.adapters.registration", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(RegistrationProperties.class)
public class RegistrationConfiguration {

    @Bean(destroyMethod = "close")
    RegistrationClient registrationClient(RegistrationProperties p, Clock clock) {
        return new RegistrationClient(p, clock);
    }

    @Bean
    RegistrationBridge registrationBridge(OutboundExchange outbound, @Value("${tongban.node}") String node, Clock clock) {
        return new RegistrationBridge(outbound, node, clock);
    }
}
