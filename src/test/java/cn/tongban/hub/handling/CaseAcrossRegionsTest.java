package cn.tongban.hub.handling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.adapters.licence.LicenceLibrarySimulator;
import cn.tongban.hub.cases.LicenceId;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.demo.CrossRegionDemo;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.protocol.TepJson;

/**
 * A case across regions through the real routes: a Cangzhou (130900) window submits a Zibo (370300) item;
 * Shandong's hub checks the applicant's business licence in Hebei's library through Hebei's hub, the deciding
 * system decides, and the status comes back to Hebei.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseAcrossRegionsTest {
    static final String HEBEI = "130000";
    static final String SHANDONG = "370000";
    static final String COMPANY = CrossRegionDemo.COMPANY;
    static final String LICENCE = LicenceId.of("11100000MB0341008E001", "11130900MB1601238N", "130900202400017", "001");

    @TempDir
    static Path tmp;
    LicenceLibrarySimulator library;
    HubFixture hebei;
    HubFixture shandong;

    @BeforeAll
    void start() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.newRoot("Hebei Licence Library CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Credential signer = ca.issueLeaf("Hebei Licence Library", "Signer", List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Path caFile = tmp.resolve("library-ca.pem");
        Files.writeString(caFile, Pem.toPem(ca.certificate()));
        library = new LicenceLibrarySimulator(signer.sm2Key(), signer.certificate(), Clock.systemUTC()).put(CrossRegionDemo.businessLicence(LICENCE));
        library.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        LoopbackFederation f = LoopbackFederation.create(tmp.resolve("federation"), HEBEI, SHANDONG);
        hebei = f.hub(HEBEI, tmp.resolve("data"))
                .set("tongban.adapters.licence.enabled", "true")
                .set("tongban.adapters.licence.base-url", library.baseUrl().toString())
                .set("tongban.adapters.licence.trust-roots[0]", caFile.toString())
                .start();
        shandong = f.hub(SHANDONG, tmp.resolve("data")).withSource(ApprovingDecider.class).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (shandong != null) {
            shandong.close();
        }
        if (hebei != null) {
            hebei.close();
        }
        if (library != null) {
            library.close();
        }
    }

    static String caseJson(String caseId, String holder) {
        return CrossRegionDemo.caseJson(caseId, holder, LICENCE, java.time.OffsetDateTime.parse("2026-11-24T09:30:00+08:00"));
    }

    private HttpResponse<String> api(HubFixture hub, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort + path))
                .header("Authorization", HubFixture.OPERATOR_AUTH).header("Content-Type", "application/json");
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitState(HubFixture hub, String caseId, String role, String state) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = api(hub, "GET", "/api/v1/cases/" + caseId, null);
            if (r.statusCode() == 200) {
                for (JsonNode side : TepJson.read(r.body().getBytes(StandardCharsets.UTF_8)).get("sides")) {
                    if (side.get("role").asText().equals(role) && side.get("state").asText().equals(state)) {
                        return side;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(caseId + " never reached " + state + " on " + role);
    }

    @Test
    void aCaseCrossesRegionsItsLicenceIsCheckedWhereHeldAndTheDecisionComesBack() throws Exception {
        HttpResponse<String> sent = api(hebei, "POST", "/api/v1/cases", caseJson("CZ-2026-0001", COMPANY));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(TepJson.read(sent.body().getBytes(StandardCharsets.UTF_8)).get("to").asText()).isEqualTo(SHANDONG);
        JsonNode back = awaitState(hebei, "CZ-2026-0001", "RECEIVING", "approved");
        assertThat(back.get("history").findValuesAsText("state")).containsExactly("received", "approved");
        JsonNode handled = awaitState(shandong, "CZ-2026-0001", "HANDLING", "approved");
        assertThat(handled.get("history").findValuesAsText("state")).containsExactly("received", "licences-checked", "approved");
        assertThat(ApprovingDecider.DECIDED).contains("CZ-2026-0001");
        assertThat(library.requests()).isPositive();
        // the applicant's evaluation (好差评) reaches the handling region
        HttpResponse<String> eval = api(hebei, "POST", "/api/v1/cases/CZ-2026-0001/evaluation",
                "{\"caseId\":\"CZ-2026-0001\",\"rating\":5,\"comment\":\"一次都没跑\",\"at\":\"2026-11-24T10:00:00+08:00\"}");
        assertThat(eval.statusCode()).as(eval.body()).isEqualTo(202);
        awaitState(shandong, "CZ-2026-0001", "HANDLING", "approved");
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean evaluated = false;
        while (!evaluated && System.nanoTime() < end) {
            evaluated = shandong.bean(CaseRegistry.class).history("CZ-2026-0001", CaseRegistry.Role.HANDLING).stream()
                    .anyMatch(e -> e.state().equals("evaluated-5"));
            Thread.sleep(200);
        }
        assertThat(evaluated).isTrue();
    }

    @Test
    void aLicenceThatDoesNotCheckOutAsksForMaterialsAndTheCaseIsNotDecided() throws Exception {
        // the licence is real, but the case names another holder for it
        String otherHolder = "91350200776049653A";
        HttpResponse<String> sent = api(hebei, "POST", "/api/v1/cases", caseJson("CZ-2026-0002", otherHolder));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonNode back = awaitState(hebei, "CZ-2026-0002", "RECEIVING", "more-materials-needed");
        assertThat(back.get("history").get(1).get("reasons").asText()).contains("营业执照").contains(LICENCE);
        assertThat(ApprovingDecider.DECIDED).doesNotContain("CZ-2026-0002");
    }

    @Test
    void anInvalidCaseIsRefusedAtTheWindowListingEveryFieldAndNothingIsSent() throws Exception {
        String bad = caseJson("CZ-2026-0003", COMPANY).replace("\"130900\"", "\"139999\"").replace("\"creditCode\": \"" + COMPANY, "\"creditCode\": \"91130900MA0F3K7Q9V")
                .replace("\"promisedWorkingDays\": 15", "\"promisedWorkingDays\": 0");
        HttpResponse<String> r = api(hebei, "POST", "/api/v1/cases", bad);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode errors = TepJson.read(r.body().getBytes(StandardCharsets.UTF_8)).get("errors");
        assertThat(errors.toString()).contains("/receivingRegion").contains("/applicant/creditCode").contains("/promisedWorkingDays");
        assertThat(api(hebei, "GET", "/api/v1/cases/CZ-2026-0003", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidCaseArrivingFromAnotherHubIsAnsweredRejectedWithEveryViolation() throws Exception {
        // a partner that skipped validation: the handling side refuses it whole, with reasons, and decides nothing
        String bad = caseJson("CZ-2026-0004", COMPANY).replace("\"promisedWorkingDays\": 15", "\"promisedWorkingDays\": 900")
                .replace("\"decidingAuthority\": \"11370300MB2857905E\"", "\"decidingAuthority\": \"11370300MB2857905X\"");
        hebei.bean(OutboundExchange.class).submit(new OutboundRequest(SHANDONG, null, "case.submit", null, "CZ-2026-0004", null,
                "application/json", bad.getBytes(StandardCharsets.UTF_8), true, null));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<CaseRegistry.Event> h = List.of();
        while (h.isEmpty() && System.nanoTime() < end) {
            h = hebei.bean(CaseRegistry.class).history("CZ-2026-0004", CaseRegistry.Role.RECEIVING);
            Thread.sleep(200);
        }
        assertThat(h).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("rejected");
            assertThat(e.reasons()).contains("/promisedWorkingDays").contains("/decidingAuthority");
        });
        assertThat(ApprovingDecider.DECIDED).doesNotContain("CZ-2026-0004");
        assertThat(shandong.bean(CaseRegistry.class).find("CZ-2026-0004", CaseRegistry.Role.HANDLING)).isEmpty();
    }
}
