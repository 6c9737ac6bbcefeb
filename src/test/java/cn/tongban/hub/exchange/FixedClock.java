package cn.tongban.hub.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sets a hub's clock to {@code test.fixed-clock} (RFC 3339), as the vectors' {@code now} requires. */
@Configuration(proxyBeanMethods = false)
public class FixedClock {
    @Bean
    @org.springframework.context.annotation.Primary
    Clock fixedTestClock(@Value("${test.fixed-clock}") String at) {
        return Clock.fixed(OffsetDateTime.parse(at).toInstant(), ZoneOffset.UTC);
    }
}
