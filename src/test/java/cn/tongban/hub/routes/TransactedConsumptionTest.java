package cn.tongban.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

import cn.tongban.hub.exchange.Eventually;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;

/**
 * What a transacted route (as in routes/*.yaml: {@code transacted: true}) relies on, with the hub's JMS settings
 * (application.yaml): it consumes in a local transaction of its listener's own session, with no transaction
 * manager beside it; a route that fails rolls back both the message it consumed and what it sent meanwhile, and
 * Artemis redelivers; the redelivery that succeeds commits both. (Each setting was seen to matter: with Camel's
 * lazily created transaction manager the first test fails; with the listener's session not exposed, which is
 * camel-jms-starter's default, the failed delivery's forward arrives too and the second fails.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactedConsumptionTest {
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> FORWARDED = new ConcurrentHashMap<>();

    @TempDir
    static Path tmp;
    HubFixture hub;

    /** Forwards each message to test.tx.out, then fails its first delivery: the forward must not survive it. */
    static RouteBuilder failOnce() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:test.tx.in?transacted=true&concurrentConsumers=2")
                        .routeId("test-tx-fail-once")
                        .to("jms:queue:test.tx.out")
                        .process(e -> {
                            String body = e.getMessage().getBody(String.class);
                            if (ATTEMPTS.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet() == 1) {
                                throw new IllegalStateException("first delivery of " + body + " fails");
                            }
                        });
                from("jms:queue:test.tx.out?transacted=true")
                        .routeId("test-tx-forwarded")
                        .process(e -> FORWARDED.computeIfAbsent(e.getMessage().getBody(String.class),
                                k -> new AtomicInteger()).incrementAndGet());
            }
        };
    }

    @BeforeAll
    void start() throws Exception {
        LoopbackFederation fed = LoopbackFederation.create(tmp.resolve("federation"), "130000");
        hub = fed.hub("130000", tmp.resolve("data"));
        hub.withBean("failOnceRoutes", failOnce()).start();
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void transactedConsumersCommitTheirListenersOwnSessionWithNoTransactionManager() throws Exception {
        CamelContext camel = hub.bean(CamelContext.class);
        List<Route> transacted = camel.getRoutes().stream()
                .filter(r -> r.getEndpoint() instanceof JmsEndpoint j && j.isTransacted()).toList();
        // the exchange's own tep.out consumer and this test's two routes at least
        assertThat(transacted).extracting(Route::getRouteId).contains("test-tx-fail-once", "test-tx-forwarded");
        for (Route r : transacted) {
            JmsEndpoint endpoint = (JmsEndpoint) r.getEndpoint();
            assertThat(endpoint.getConfiguration().getOrCreateTransactionManager()).as(r.getRouteId()).isNull();
            DefaultMessageListenerContainer listener = (DefaultMessageListenerContainer)
                    ((JmsConsumer) r.getConsumer()).getListenerContainer();
            assertThat(listener.isSessionTransacted()).as(r.getRouteId()).isTrue();
            // what the route sends joins that session (camel-jms-starter's default would not expose it)
            assertThat(listener.isExposeListenerSession()).as(r.getRouteId()).isTrue();
            assertThat(listener.getCacheLevel()).as(r.getRouteId()).isEqualTo(DefaultMessageListenerContainer.CACHE_CONSUMER);
        }
    }

    @Test
    void aFailedDeliveryRollsBackWhatTheRouteSentAndTheRedeliveryCommitsIt() throws Exception {
        ProducerTemplate producer = hub.bean(CamelContext.class).createProducerTemplate();
        List<String> bodies = List.of("m1", "m2", "m3", "m4", "m5");
        for (String b : bodies) {
            producer.sendBody("jms:queue:test.tx.in", b);
        }

        // the broker redelivers a rolled-back message after 1 s (application's address settings)
        Eventually.await("every message consumed a second time", Duration.ofSeconds(30),
                () -> bodies.stream().allMatch(b -> ATTEMPTS.containsKey(b) && ATTEMPTS.get(b).get() >= 2));
        Eventually.await("every forward arrived", Duration.ofSeconds(30),
                () -> bodies.stream().allMatch(FORWARDED::containsKey));
        Thread.sleep(1500); // a forward of the failed first attempt, had it been committed, would have arrived by now
        for (String b : bodies) {
            assertThat(ATTEMPTS.get(b).get()).as("deliveries of " + b).isEqualTo(2);
            assertThat(FORWARDED.get(b).get()).as("forwards of " + b + " that arrived").isEqualTo(1);
        }
        producer.close();
    }
}
