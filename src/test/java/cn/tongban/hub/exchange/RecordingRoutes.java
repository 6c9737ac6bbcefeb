package cn.tongban.hub.exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A receiving route for tests: consumes {@code tep.in.test.ping} transacted, like an operator's route, and
 * counts every hand-over per (receiving node, sender/id), so tests can see "exactly once".
 */
@Configuration(proxyBeanMethods = false)
public class RecordingRoutes {
    public static final Map<String, Map<String, AtomicInteger>> SEEN = new ConcurrentHashMap<>();

    public static Map<String, AtomicInteger> seenBy(String node) {
        return SEEN.computeIfAbsent(node, k -> new ConcurrentHashMap<>());
    }

    @Bean
    RouteBuilder recordingRoute(@Value("${tongban.node}") String node) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:tep.in.test.ping?transacted=true&concurrentConsumers=2")
                        .routeId("test-recording")
                        .process(e -> seenBy(node).computeIfAbsent(
                                e.getMessage().getHeader("tepFrom") + "/" + e.getMessage().getHeader("tepId"),
                                k -> new AtomicInteger()).incrementAndGet());
            }
        };
    }
}
