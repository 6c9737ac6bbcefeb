package cn.tongban.hub.adapters.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.tongban.hub.adapters.registration.soap.CaseProgress;
import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.exchange.HubFixture;

/** The hub's client against the simulator on a free loopback port: real SOAP over HTTP, both operations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationClientTest {
    RegistrationSimulator simulator;
    RegistrationClient client;

    @BeforeAll
    void start() {
        simulator = RegistrationSimulator.start("127.0.0.1", 0, Clock.systemUTC());
        client = new RegistrationClient(simulator.endpoint(), Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        client.close();
        simulator.close();
    }

    @AfterEach
    void noDelay() {
        simulator.registry().setDelay(Duration.ZERO);
    }

    @Test
    void submitIsAcceptedWithARegistrationNumber() throws Exception {
        RegistrationOutcome o = client.submit(Cases.person("CASE-OK-1"));
        assertThat(o.registrationNumber()).matches("REG-\\d{8}-\\d{6}");
        assertThat(o.status().caseId()).isEqualTo("CASE-OK-1");
        assertThat(o.status().state()).isEqualTo(CaseState.ACCEPTED);
        assertThat(o.status().reasons()).isEmpty();
        assertThat(o.status().decidedBy()).isEqualTo("11130000MB0000000X");
        assertThat(o.status().at()).isNotNull();
        assertThat(client.submit(Cases.organisation("CASE-OK-2")).status().state()).isEqualTo(CaseState.ACCEPTED);
    }

    @Test
    void aRepeatedSubmitReturnsTheFirstAcknowledgement() throws Exception {
        RegistrationOutcome first = client.submit(Cases.person("CASE-TWICE"));
        int cases = simulator.registry().cases();
        RegistrationOutcome again = client.submit(Cases.person("CASE-TWICE"));
        assertThat(again).isEqualTo(first);
        assertThat(simulator.registry().cases()).isEqualTo(cases);
    }

    @Test
    void queryStatusByCaseIdOrRegistrationNumber() throws Exception {
        RegistrationOutcome o = client.submit(Cases.person("CASE-Q-1"));
        assertThat(client.queryStatus("CASE-Q-1")).get().extracting(CaseStatus::state).isEqualTo(CaseState.ACCEPTED);

        simulator.registry().advance("CASE-Q-1", CaseProgress.APPROVED, List.of("准予备案"));
        CaseStatus byNumber = client.queryByRegistrationNumber(o.registrationNumber()).orElseThrow();
        assertThat(byNumber.caseId()).isEqualTo("CASE-Q-1");
        assertThat(byNumber.state()).isEqualTo(CaseState.APPROVED);
        assertThat(byNumber.reasons()).containsExactly("准予备案");
        assertThat(byNumber.decidedBy()).isEqualTo("11130000MB0000000X");
        assertThat(byNumber.at()).isAfterOrEqualTo(o.status().at());

        assertThat(client.queryStatus("CASE-NEVER-SENT")).isEmpty();
        assertThat(client.queryByRegistrationNumber("REG-00000000-000000")).isEmpty();
    }

    @Test
    void aFaultThatCannotBeCorrectedIsRejectedWithItsReasons() throws Exception {
        RegistrationOutcome o = client.submit(Cases.person("CASE-F-9", "11370300MB28579060000117006009", "张三"));
        assertThat(o.registrationNumber()).isNull();
        assertThat(o.status().state()).isEqualTo(CaseState.REJECTED);
        assertThat(o.status().reasons()).containsExactly("serviceItemCode: 本部门不办理事项 11370300MB28579060000117006009");
        assertThat(o.status().decidedBy()).isEqualTo("11130000MB0000000X");
        assertThat(o.status().at()).isNotNull();
    }

    @Test
    void aCorrectableFaultAsksForMoreMaterials() throws Exception {
        RegistrationOutcome o = client.submit(Cases.person("CASE-F-8", "11370300MB28579060000117006008", "张三"));
        assertThat(o.status().state()).isEqualTo(CaseState.MORE_MATERIALS_NEEDED);
        assertThat(o.status().reasons()).containsExactly("materials: 缺少身份证明材料");
    }

    @Test
    void missingDataIsRejectedFieldByField() throws Exception {
        var c = Cases.person("CASE-F-MISSING");
        var incomplete = new cn.tongban.hub.cases.CaseSubmission(c.caseId(), c.serviceItemCode(), null, null,
                new cn.tongban.hub.cases.Applicant.Person("张三", null), c.receivingRegion(), List.of(), null, null,
                c.materials(), 0, null);
        RegistrationOutcome o = client.submit(incomplete);
        assertThat(o.status().state()).isEqualTo(CaseState.REJECTED);
        assertThat(o.status().reasons()).containsExactlyInAnyOrder("decidingAuthority: required",
                "handlingRegion: at least one handling region is required",
                "applicant.idNumber: an ID number or a credit code is required");
    }

    @Test
    void repliesOtherThanAcceptance() throws Exception {
        RegistrationOutcome more = client.submit(Cases.person("CASE-R-1", Cases.SERVICE_ITEM, "补正张三"));
        assertThat(more.status().state()).isEqualTo(CaseState.MORE_MATERIALS_NEEDED);
        assertThat(more.status().reasons()).isNotEmpty();
        assertThat(more.registrationNumber()).isNull();
        assertThat(client.submit(Cases.person("CASE-R-2", Cases.SERVICE_ITEM, "驳回李四")).status().state())
                .isEqualTo(CaseState.REJECTED);
        RegistrationOutcome pending = client.submit(Cases.person("CASE-R-3", Cases.SERVICE_ITEM, "容缺王五"));
        assertThat(pending.status().state()).isEqualTo(CaseState.ACCEPTED_PENDING_MATERIALS);
        assertThat(pending.registrationNumber()).isNotNull();
        assertThat(client.queryStatus("CASE-R-1")).get().extracting(CaseStatus::state).isEqualTo(CaseState.MORE_MATERIALS_NEEDED);
    }

    @Test
    void aTimeOutIsRetryableAndTheRetryFindsTheSameRegistration() throws Exception {
        try (RegistrationClient impatient = new RegistrationClient(simulator.endpoint(), Duration.ofSeconds(2),
                Duration.ofMillis(400), Clock.systemUTC())) {
            simulator.registry().setDelay(Duration.ofMillis(2000));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> impatient.submit(Cases.person("CASE-SLOW")))
                    .isInstanceOf(RegistrationUnavailable.class)
                    .hasMessageContaining("SubmitCase CASE-SLOW")
                    .hasMessageContaining("time-out");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1900)); // did not wait for the answer
            Thread.sleep(1800); // the simulator registers it all the same, after its delay
            simulator.registry().setDelay(Duration.ZERO);
            RegistrationOutcome retried = impatient.submit(Cases.person("CASE-SLOW"));
            assertThat(retried.status().state()).isEqualTo(CaseState.ACCEPTED);
            assertThat(client.queryStatus("CASE-SLOW")).get().extracting(CaseStatus::state).isEqualTo(CaseState.ACCEPTED);
        }
    }

    @Test
    void noConnectionIsRetryable() {
        int closed = HubFixture.freePort();
        try (RegistrationClient nowhere = new RegistrationClient(URI.create("http://127.0.0.1:" + closed + "/registration"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC())) {
            assertThatThrownBy(() -> nowhere.submit(Cases.person("CASE-NOWHERE")))
                    .isInstanceOf(RegistrationUnavailable.class).hasMessageContaining("no connection");
            assertThatThrownBy(() -> nowhere.queryStatus("CASE-NOWHERE")).isInstanceOf(RegistrationUnavailable.class);
        }
    }

    @Test
    void theSimulatorServesTheSameWsdl() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.endpoint() + "?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        String file = Files.readString(Path.of("src/main/resources/wsdl/registration.wsdl"));
        assertThat(r.body()).contains("urn:tongban:registration:v1", "ValidationFault", "SubmitCaseRequest", "QueryStatusRequest");
        assertThat(file).contains("<wsdl:service name=\"RegistrationService\">");
    }
}
