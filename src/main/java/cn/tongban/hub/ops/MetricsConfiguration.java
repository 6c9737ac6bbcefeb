package cn.tongban.hub.ops;

import java.time.Clock;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

import cn.tongban.hub.adapters.pull.PullRunner;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.handling.TimeLimitBoard;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundStore;

/**
 * The hub's meters on Spring Boot's registry (Prometheus, through Actuator). {@link HubMetrics} is also the
 * exchange's {@link cn.tongban.hub.exchange.ExchangeEvents}, which the exchange's beans take when present.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    HubMetrics hubMetrics(MeterRegistry registry, OutboundStore outbound, InboundStore inbound, DirectoryService directory,
                          ObjectProvider<TimeLimitBoard> timeLimits, ObjectProvider<EmbeddedActiveMQ> broker, Clock clock,
                          MetricsProperties p) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        return new HubMetrics(registry, outbound, inbound, directory, timeLimits.getIfAvailable(),
                embedded == null ? null : embedded::getActiveMQServer, clock, p.getRefreshInterval());
    }

    /** The pulls' meters, once the pulls exist (they send through the exchange, which reports to the metrics). */
    @Bean
    PullsMetered pullMetrics(HubMetrics metrics, ObjectProvider<PullRunner> pulls) {
        pulls.ifAvailable(metrics::bindPulls);
        return new PullsMetered();
    }

    /** The mark that the pulls' runs are counted. */
    static final class PullsMetered {
    }
}
