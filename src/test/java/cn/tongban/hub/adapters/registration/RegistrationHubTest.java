package cn.tongban.hub.adapters.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;

/**
 * Two real hubs: 370000 sends a case.submit over TEP; 130000, with the registration adapter on, takes it
 * from its transacted queue into routes/registration.yaml, submits it to the simulator over SOAP and sends
 * the case.status back, which 370000 receives on tep.in.case.status. Also: the registration system down,
 * then back, and the case still answered (JMS rollback and Artemis redelivery).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationHubTest {
    static final String ORIGIN = "370000";
    static final String HANDLER = "130000";
    /** What routes/inbound.yaml's case.submit route does when the adapter is on (see the README). */
    static final String INBOUND_CASE_SUBMIT = """
            - route:
                id: inbound-case-submit
                from:
                  uri: jms:queue:tep.in.case.submit
                  parameters:
                    transacted: true
                  steps:
                    - log:
                        message: "case.submit ${header.tepId} from ${header.tepFrom}, conversation ${header.tepConv}"
                    - choice:
                        when:
                          - simple: "{{tongban.adapters.registration.enabled:false}}"
                            steps:
                              - to: direct:registration-submit
            """;

    @TempDir
    static Path tmp;
    RegistrationSimulator simulator;
    int simulatorPort;
    HubFixture origin;
    HubFixture handler;

    /** case.status messages the origin received, by conversation. */
    static final Map<String, Received> STATUSES = new ConcurrentHashMap<>();

    record Received(CaseStatus status, String from, String ref) {
    }

    @Configuration(proxyBeanMethods = false)
    static class StatusRecorder {
        @Bean
        RouteBuilder caseStatusRecorder() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:tep.in.case.status?transacted=true").routeId("test-case-status")
                            .process(e -> {
                                CaseStatus s = RegistrationBridge.readStatus(e.getMessage().getBody(byte[].class));
                                STATUSES.put(e.getMessage().getHeader("tepConv", String.class), new Received(s,
                                        e.getMessage().getHeader("tepFrom", String.class),
                                        e.getMessage().getHeader("tepRef", String.class)));
                            });
                }
            };
        }
    }

    @BeforeAll
    void start() throws Exception {
        Path fed = tmp.resolve("federation");
        LoopbackFederation federation = LoopbackFederation.create(fed, ORIGIN, HANDLER);
        simulator = RegistrationSimulator.start("127.0.0.1", 0, Clock.systemUTC());
        simulatorPort = simulator.port();
        Path inbound = tmp.resolve("inbound-case-submit.yaml");
        Files.writeString(inbound, INBOUND_CASE_SUBMIT);
        // routes/inbound.yaml stays out: its logging route would compete for tep.in.case.submit
        String routes = "file:routes/registration.yaml,file:" + inbound.toAbsolutePath();
        origin = new HubFixture(ORIGIN, fed, tmp.resolve("data"), federation.port(ORIGIN)).withSource(StatusRecorder.class)
                .set("camel.main.routes-include-pattern", routes);
        handler = new HubFixture(HANDLER, fed, tmp.resolve("data"), federation.port(HANDLER))
                .set("camel.main.routes-include-pattern", routes)
                .set("tongban.adapters.registration.enabled", "true")
                .set("tongban.adapters.registration.endpoint", simulator.endpoint().toString())
                .set("tongban.adapters.registration.connect-timeout", "1s")
                .set("tongban.adapters.registration.receive-timeout", "2s");
        origin.start();
        handler.start();
    }

    @AfterAll
    void stop() {
        if (handler != null) {
            handler.close();
        }
        if (origin != null) {
            origin.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private String submit(cn.tongban.hub.cases.CaseSubmission c) throws Exception {
        return origin.bean(OutboundExchange.class).submit(OutboundRequest.json(HANDLER, "case.submit", c.caseId(),
                RegistrationBridge.JSON.writeValueAsBytes(c)));
    }

    static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aCaseSubmittedFromAnotherRegionIsRegisteredAndItsStatusSentBack() throws Exception {
        String id = submit(Cases.person("CASE-HUB-1"));
        await("case.status of CASE-HUB-1", Duration.ofSeconds(60), () -> STATUSES.containsKey("CASE-HUB-1"));
        Received r = STATUSES.get("CASE-HUB-1");
        assertThat(r.from()).isEqualTo(HANDLER);
        assertThat(r.ref()).isEqualTo(id);
        assertThat(r.status().state()).isEqualTo(CaseState.ACCEPTED);
        assertThat(r.status().decidedBy()).isEqualTo("11130000MB0000000X");

        submit(Cases.person("CASE-HUB-2", Cases.SERVICE_ITEM, "补正张三"));
        await("case.status of CASE-HUB-2", Duration.ofSeconds(60), () -> STATUSES.containsKey("CASE-HUB-2"));
        assertThat(STATUSES.get("CASE-HUB-2").status().state()).isEqualTo(CaseState.MORE_MATERIALS_NEEDED);
    }

    @Test
    void aCaseSubmittedWhileTheSystemIsDownIsAnsweredOnceItIsBack() throws Exception {
        simulator.close();
        submit(Cases.person("CASE-HUB-DOWN"));
        Thread.sleep(6_000); // at least one failed delivery: three attempts, rolled back
        assertThat(STATUSES).doesNotContainKey("CASE-HUB-DOWN");
        simulator = RegistrationSimulator.start("127.0.0.1", simulatorPort, Clock.systemUTC());
        await("case.status of CASE-HUB-DOWN", Duration.ofSeconds(60), () -> STATUSES.containsKey("CASE-HUB-DOWN"));
        assertThat(STATUSES.get("CASE-HUB-DOWN").status().state()).isEqualTo(CaseState.ACCEPTED);
        assertThat(simulator.registry().cases()).isEqualTo(1);
    }
}
