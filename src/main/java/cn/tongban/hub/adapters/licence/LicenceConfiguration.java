package cn.tongban.hub.adapters.licence;

import java.io.IOException;
import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.exchange.OutboundExchange;

/**
 * The licence adapter's beans. The responder and the verifier exist in every hub, because
 * {@code routes/licence.yaml} (loaded by every hub) names them; the library client only when
 * {@code tongban.adapters.licence.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LicenceLibraryProperties.class)
public class LicenceConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "tongban.adapters.licence", name = "enabled", havingValue = "true")
    LicenceLibraryClient licenceLibraryClient(LicenceLibraryProperties p, Clock clock) throws IOException {
        return LicenceLibraryClient.from(p, clock);
    }

    @Bean
    LicenceVerifyResponder licenceVerifyResponder(ObjectProvider<LicenceLibraryClient> client, OutboundExchange outbound,
                                                  LicenceLibraryProperties p, Clock clock) {
        return new LicenceVerifyResponder(client.getIfAvailable(), outbound, p.getResponderAttempts(), clock);
    }

    @Bean
    LicenceVerifier licenceVerifier(OutboundExchange outbound, LicenceLibraryProperties p, Clock clock) {
        return new LicenceVerifier(outbound, p.getRemoteTimeout(), p.getMaxPending(), clock);
    }
}
