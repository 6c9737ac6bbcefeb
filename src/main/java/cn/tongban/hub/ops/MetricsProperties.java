package cn.tongban.hub.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's metrics, under {@code tongban.metrics}. */
@ConfigurationProperties("tongban.metrics")
public class MetricsProperties {
    /**
     * How often the gauges that cost a query are read again (store counts, running time limits, the broker's set
     * of queues): a scrape reads the last values and never queries the store itself.
     */
    private Duration refreshInterval = Duration.ofSeconds(10);

    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration v) { refreshInterval = v; }
}
