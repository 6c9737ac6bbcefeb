package cn.tongban.hub.adapters.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockito.ArgumentCaptor;

import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;

/**
 * routes/registration.yaml as operators have it, in a bare Camel context: the beans are real, the simulator
 * answers over SOAP, and only the hub's sending side is a mock that records the case.status it is given.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationRouteTest {
    static final String ROUTES = "file:routes/registration.yaml";

    RegistrationSimulator simulator;
    RegistrationClient client;
    OutboundExchange outbound = mock(OutboundExchange.class);
    CamelContext camel;
    ProducerTemplate producer;

    @BeforeAll
    void start() throws Exception {
        simulator = RegistrationSimulator.start("127.0.0.1", 0, Clock.systemUTC());
        client = new RegistrationClient(simulator.endpoint(), Duration.ofSeconds(1), Duration.ofMillis(500), Clock.systemUTC());
        camel = camel(true);
        camel.getRegistry().bind("registrationClient", client);
        camel.getRegistry().bind("registrationBridge", new RegistrationBridge(outbound, "130000", Clock.systemUTC()));
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, ROUTES));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    private static CamelContext camel(boolean enabled) {
        CamelContext c = new DefaultCamelContext();
        Properties p = new Properties();
        if (enabled) {
            p.setProperty("tongban.adapters.registration.enabled", "true");
        }
        c.getPropertiesComponent().setInitialProperties(p);
        return c;
    }

    @AfterAll
    void stop() {
        camel.stop();
        client.close();
        simulator.close();
    }

    @BeforeEach
    void answerSends() throws Exception {
        reset(outbound);
        when(outbound.submit(any())).thenReturn("status-msg-1");
    }

    @AfterEach
    void noDelay() {
        simulator.registry().setDelay(Duration.ZERO);
    }

    private Exchange send(byte[] body, String conv) {
        return producer.request("direct:registration-submit", e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(Map.of("tepFrom", "370000", "tepId", "submit-" + conv, "tepType", "case.submit",
                    "tepConv", conv, "tepSvc", Cases.SERVICE_ITEM, "tepCty", "application/json"));
        });
    }

    private Exchange send(cn.tongban.hub.cases.CaseSubmission c) throws Exception {
        return send(RegistrationBridge.JSON.writeValueAsBytes(c), c.caseId());
    }

    private OutboundRequest sent() throws Exception {
        ArgumentCaptor<OutboundRequest> r = ArgumentCaptor.forClass(OutboundRequest.class);
        verify(outbound).submit(r.capture());
        return r.getValue();
    }

    @Test
    void anAcceptedCaseIsAnsweredWithItsStatus() throws Exception {
        Exchange e = send(Cases.person("CASE-ROUTE-1"));
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader("registrationNumber", String.class)).startsWith("REG-");
        OutboundRequest r = sent();
        assertThat(r.to()).isEqualTo("370000");
        assertThat(r.type()).isEqualTo("case.status");
        assertThat(r.conv()).isEqualTo("CASE-ROUTE-1");
        assertThat(r.ref()).isEqualTo("submit-CASE-ROUTE-1");
        assertThat(r.svc()).isEqualTo(Cases.SERVICE_ITEM);
        assertThat(r.encrypt()).isTrue();
        CaseStatus s = RegistrationBridge.readStatus(r.body());
        assertThat(s.caseId()).isEqualTo("CASE-ROUTE-1");
        assertThat(s.state()).isEqualTo(CaseState.ACCEPTED);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"state\":\"accepted\"");
    }

    @Test
    void aFaultIsAnsweredAsARejection() throws Exception {
        Exchange e = send(Cases.person("CASE-ROUTE-9", "11370300MB28579060000117006009", "张三"));
        assertThat(e.getException()).isNull();
        CaseStatus s = RegistrationBridge.readStatus(sent().body());
        assertThat(s.state()).isEqualTo(CaseState.REJECTED);
        assertThat(s.reasons()).singleElement().asString().startsWith("serviceItemCode:");
    }

    @Test
    void anUnreadableCaseIsAnsweredAsARejectionOnItsConversation() throws Exception {
        Exchange e = send("{\"caseId\": 12, \"applicant\": [".getBytes(StandardCharsets.UTF_8), "CASE-GARBLED");
        assertThat(e.getException()).isNull();
        OutboundRequest r = sent();
        assertThat(r.conv()).isEqualTo("CASE-GARBLED");
        CaseStatus s = RegistrationBridge.readStatus(r.body());
        assertThat(s.state()).isEqualTo(CaseState.REJECTED);
        assertThat(s.decidedBy()).isEqualTo("130000");
        assertThat(s.reasons()).singleElement().asString().contains("not a case submission");
    }

    @Test
    void aTimeOutIsRetriedThenFailsTheExchangeWithoutAnAnswer() throws Exception {
        simulator.registry().setDelay(Duration.ofMillis(1200));
        int calls = simulator.registry().calls();
        long t0 = System.nanoTime();
        Exchange e = send(Cases.person("CASE-ROUTE-SLOW"));
        assertThat(e.getException()).isInstanceOf(RegistrationUnavailable.class);
        // 1 attempt + 2 redeliveries after 1 s and 2 s
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(3));
        Thread.sleep(1300);
        assertThat(simulator.registry().calls() - calls).isEqualTo(3);
        verify(outbound, never()).submit(any());
        // the redelivered case.submit (JMS rollback) later finds the registration the slow system made
        simulator.registry().setDelay(Duration.ZERO);
        assertThat(send(Cases.person("CASE-ROUTE-SLOW")).getException()).isNull();
        verify(outbound, times(1)).submit(any());
        assertThat(simulator.registry().cases()).isPositive();
    }

    @Test
    void disabledTheRouteIsNotThereAndNeedsNoBeans() throws Exception {
        CamelContext off = camel(false);
        try {
            PluginHelper.getRoutesLoader(off).loadRoutes(ResourceHelper.resolveResource(off, ROUTES));
            off.start();
            assertThat(off.getRoutes()).isEmpty();
        } finally {
            off.stop();
        }
        assertThat(camel.getRoute("registration-submit")).isNotNull();
    }
}
