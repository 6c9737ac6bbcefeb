package cn.tongban.hub.app;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.bundles.BundleDispatcher;
import cn.tongban.hub.bundles.BundleService;
import cn.tongban.hub.bundles.DepartmentSystem;
import cn.tongban.hub.bundles.HttpDepartmentSystem;
import cn.tongban.hub.exchange.OutboundExchange;

/** Wires 一件事一次办: the configured departments' systems and the dispatcher. */
@Configuration(proxyBeanMethods = false)
public class BundleConfiguration {
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService bundlePool(HubProperties p) {
        return Executors.newFixedThreadPool(p.getBundles().getParallelism(), r -> {
            Thread t = new Thread(r, "bundle-department");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    BundleService bundleService(HubProperties p, ExecutorService bundlePool, OutboundExchange outbound, Clock clock) {
        HubProperties.Bundles b = p.getBundles();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, DepartmentSystem> systems = new HashMap<>();
        Map<String, Duration> timeouts = new HashMap<>();
        b.getDepartments().forEach((name, d) -> {
            Duration t = d.getTimeout() != null ? d.getTimeout() : b.getDefaultTimeout();
            systems.put(name, new HttpDepartmentSystem(http, d.getUrl(), t));
            timeouts.put(name, t);
        });
        return new BundleService(new BundleDispatcher(systems, timeouts, b.getDefaultTimeout(), bundlePool, clock), outbound);
    }
}
