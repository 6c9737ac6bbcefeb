package cn.tongban.hub.adapters.pull;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import cn.tongban.hub.exchange.OutboundExchange;

/**
 * Wires the configured pulls into the hub: each enabled pull becomes a {@link ScheduledPull} sending through the
 * exchange, and a route {@code pull-<name>} made from the template {@value #TEMPLATE} of {@code routes/pulls.yaml}
 * (a Quartz cron trigger whose job never overlaps itself). No pull configured: nothing is added.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PullProperties.class)
public class PullConfiguration {
    public static final String TEMPLATE = "scheduled-pull";

    /**
     * The pull lock when a pull is enabled and {@code tongban.adapters.pull.lock.enabled}: a lifecycle bean that
     * takes part in the election from start to stop; otherwise this instance runs its pulls alone.
     */
    @Bean
    PullLeadership pullLeadership(PullProperties p, JdbcTemplate jdbc, Environment env) {
        PullProperties.Lock lock = p.getLock();
        if (!lock.isEnabled() || p.getPulls().stream().noneMatch(PullProperties.Pull::isEnabled) || !p.problems().isEmpty()) {
            return PullLeadership.ALONE; // (a configuration problem stops the hub in pullRunner, with every problem listed)
        }
        return new PullLock(jdbc.getDataSource(), env.getRequiredProperty("tongban.node"), lock.getTimeToLive(), lock.getRenewEvery());
    }

    @Bean
    PullRunner pullRunner(PullProperties p, JdbcTemplate jdbc, OutboundExchange exchange, Clock clock, PullLeadership leadership) {
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("tongban.adapters.pull: " + String.join("; ", problems));
        }
        PullStore store = new PullStore(jdbc);
        // on the store's own DataSource, so the exchange's outbox insert joins the pull's transaction
        PlatformTransactionManager transactions = new DataSourceTransactionManager(jdbc.getDataSource());
        CaseSink sink = new ExchangeCaseSink(exchange);
        CaseRowMapper mapper = new CaseRowMapper(p.getCreditCodeAllowList());
        return new PullRunner(p.getPulls().stream().filter(PullProperties.Pull::isEnabled)
                .map(def -> ScheduledPull.of(def, mapper, sink, store, transactions, clock, p.getProgressEvery()))
                .toList(), leadership);
    }

    /** After the YAML routes (and so the template) are loaded, before the routes start. */
    @Bean
    CamelContextConfiguration pullSchedules(PullProperties p) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                for (PullProperties.Pull def : p.getPulls()) {
                    if (!def.isEnabled()) {
                        continue;
                    }
                    try {
                        camel.addRouteFromTemplate("pull-" + def.getName(), TEMPLATE, Map.of("pull", def.getName(),
                                "cron", def.getCron().strip().replaceAll("\\s+", "+"), "timeZone", def.getTimeZone()));
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot schedule pull " + def.getName() + " from the route template "
                                + TEMPLATE + " (routes/pulls.yaml): " + e.getMessage(), e);
                    }
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the routes start with the context
            }
        };
    }
}
