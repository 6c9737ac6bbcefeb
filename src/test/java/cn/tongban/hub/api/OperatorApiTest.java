package cn.tongban.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * The operators' API on two real hubs: a message to a peer that is down ends dead, and is found by search,
 * traced, listed as a dead letter and resent (once, however often asked) as a new message the peer then
 * receives; the directory, the routes, the dashboard and the OpenAPI description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorApiTest {
    static final String A = "370000";
    static final String B = "130000";
    static final String CASE = "CASE-OPS-1";

    @TempDir
    static Path tmp;
    HubFixture a;
    HubFixture b;
    String dead;
    String resent;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startOneHubAndLetAMessageDie() throws Exception {
        LoopbackFederation f = LoopbackFederation.create(tmp.resolve("federation"), A, B);
        a = f.hub(A, tmp.resolve("data")).start();
        b = f.hub(B, tmp.resolve("data")); // down for now
        HttpResponse<String> r = post(a, "/api/v1/outbox", "{\"to\":\"" + B + "\",\"type\":\"test.ping\",\"conv\":\"" + CASE
                + "\",\"lifetimeSeconds\":2,\"body\":{\"n\":1}}");
        assertThat(r.statusCode()).isEqualTo(202);
        dead = json(r).get("id").asText();
        OutboundStore store = a.bean(OutboundStore.class);
        await("the dead letter", () -> store.find(dead).map(m -> m.status() == OutboundStatus.DEAD).orElse(false));
    }

    @AfterAll
    void stop() {
        for (HubFixture h : new HubFixture[] {a, b}) {
            if (h != null) {
                h.close();
            }
        }
    }

    @Test
    @Order(1)
    void theOpenApiDescriptionListsTheOperatorsPaths() throws Exception {
        HttpResponse<String> r = get(a, "/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode paths = json(r).get("paths");
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("/api/v1/messages", "/api/v1/messages/out/{id}", "/api/v1/messages/in/{from}/{id}",
                "/api/v1/dead-letters", "/api/v1/dead-letters/{id}/resend", "/api/v1/directory", "/api/v1/routes",
                "/api/v1/dashboard", "/api/v1/cases", "/api/v1/cases/{caseId}", "/api/v1/outbox", "/api/v1/health");
        assertThat(names).noneMatch(p -> p.startsWith("/tep/"));
        assertThat(paths.get("/api/v1/dead-letters/{id}/resend").has("post")).isTrue();
        HttpResponse<String> ui = http.send(request(a, "/api/v1/docs").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(302);
        String location = ui.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> page = http.send(request(a, URI.create("http://127.0.0.1:" + a.apiPort).resolve(location).getPath())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("swagger");
    }

    @Test
    @Order(2)
    void searchFindsTheDeadMessageByEachFilterAndItsTraceShowsTheAttempts() throws Exception {
        JsonNode found = json(get(a, "/api/v1/messages?direction=out&partner=" + B + "&status=DEAD&caseId=" + CASE + "&type=test.ping"));
        assertThat(found.get("total").asLong()).isEqualTo(1);
        assertThat(found.get("items").get(0).get("id").asText()).isEqualTo(dead);
        assertThat(found.get("items").get(0).get("status").asText()).isEqualTo("DEAD");
        String later = OffsetDateTime.now().plusHours(1).toString().replace("+", "%2B");
        assertThat(json(get(a, "/api/v1/messages?caseId=" + CASE + "&from=" + later)).get("total").asLong()).isZero();
        assertThat(json(get(a, "/api/v1/messages?caseId=" + CASE + "&to=" + later)).get("total").asLong()).isEqualTo(1);
        assertThat(json(get(a, "/api/v1/messages?partner=999999")).get("total").asLong()).isZero();
        HttpResponse<String> bad = get(a, "/api/v1/messages?direction=sideways&from=yesterday&size=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("direction must be in or out").contains("from must be an RFC 3339 time").contains("size must be");

        JsonNode trace = json(get(a, "/api/v1/messages/out/" + dead));
        assertThat(trace.get("status").asText()).isEqualTo("DEAD");
        assertThat(trace.get("lastError").asText()).contains("expired");
        assertThat(trace.get("trace").size()).isGreaterThan(1);
        assertThat(trace.get("trace").get(0).get("outcome").asText()).isEqualTo("RETRY");
        assertThat(trace.get("trace").get(0).get("detail").asText()).contains("no answer");
        assertThat(get(a, "/api/v1/messages/out/no-such-id").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aDeadLetterIsResentOnceAsANewLinkedMessageThePeerReceives() throws Exception {
        JsonNode letters = json(get(a, "/api/v1/dead-letters?partner=" + B));
        assertThat(letters.get("items").findValuesAsText("id")).contains(dead);
        b.start();
        HttpResponse<String> first = post(a, "/api/v1/dead-letters/" + dead + "/resend", "{}");
        assertThat(first.statusCode()).isEqualTo(201);
        resent = json(first).get("id").asText();
        assertThat(resent).isNotEqualTo(dead);
        assertThat(json(first).get("resentFrom").asText()).isEqualTo(dead);
        HttpResponse<String> again = post(a, "/api/v1/dead-letters/" + dead + "/resend", "{}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("id").asText()).isEqualTo(resent);
        // one new message in the store, not two, and both ends of the link are shown
        assertThat(json(get(a, "/api/v1/messages?caseId=" + CASE)).get("total").asLong()).isEqualTo(2);
        assertThat(json(get(a, "/api/v1/messages/out/" + dead)).get("resentAs").asText()).isEqualTo(resent);
        assertThat(a.bean(OutboundStore.class).find(resent).orElseThrow().resentFrom()).isEqualTo(dead);
        assertThat(json(get(a, "/api/v1/dead-letters?partner=" + B)).get("items").get(0).get("resentAs").asText()).isEqualTo(resent);

        HttpResponse<String> notDead = post(a, "/api/v1/dead-letters/" + resent + "/resend", "{}");
        assertThat(notDead.statusCode()).isEqualTo(409);
        assertThat(notDead.body()).contains("NOT_DEAD");
        assertThat(post(a, "/api/v1/dead-letters/no-such-id/resend", "{}").statusCode()).isEqualTo(404);

        await("the resend delivered", () -> a.bean(OutboundStore.class).find(resent).map(m -> m.status() == OutboundStatus.DELIVERED).orElse(false));
        JsonNode sent = json(get(a, "/api/v1/messages/out/" + resent));
        assertThat(sent.get("resentFrom").asText()).isEqualTo(dead);
        assertThat(sent.get("receipt").get("protected").asText()).isNotEmpty();
        JsonNode in = json(get(b, "/api/v1/messages?direction=in&partner=" + A + "&caseId=" + CASE));
        assertThat(in.get("items").findValuesAsText("id")).containsExactly(resent);
        JsonNode received = json(get(b, "/api/v1/messages/in/" + A + "/" + resent));
        assertThat(received.get("type").asText()).isEqualTo("test.ping");
        assertThat(received.get("receipt").get("protected").asText()).isNotEmpty();
        assertThat(get(b, "/api/v1/messages?direction=in&status=DEAD").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void theDirectoryRoutesAndDashboardAreReported() throws Exception {
        JsonNode d = json(get(a, "/api/v1/directory"));
        assertThat(d.get("version").asLong()).isPositive();
        assertThat(d.get("expires").asText()).isNotBlank();
        assertThat(d.get("nodes").findValuesAsText("node")).contains(A, B);
        assertThat(d.get("nodes").get(0).get("accepts").get(0).get("type").asText()).isNotBlank();

        JsonNode routes = json(get(a, "/api/v1/routes"));
        assertThat(routes.get("camel").asText()).isEqualTo("Started");
        JsonNode delivery = null;
        for (JsonNode r : routes.get("routes")) {
            if (r.get("id").asText().equals("tep-delivery")) {
                delivery = r;
            }
        }
        assertThat(delivery).isNotNull();
        assertThat(delivery.get("status").asText()).isEqualTo("Started");
        assertThat(delivery.get("exchangesTotal").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(delivery.get("from").asText()).doesNotContain("?");

        JsonNode dash = json(get(a, "/api/v1/dashboard"));
        assertThat(dash.get("deadLetters").asLong()).isEqualTo(1);
        assertThat(dash.get("retries").asLong()).isPositive();
        JsonNode toB = null;
        for (JsonNode p : dash.get("partners")) {
            if (p.get("partner").asText().equals(B)) {
                toB = p;
            }
        }
        assertThat(toB).isNotNull();
        assertThat(toB.get("out").get("DEAD").asLong()).isEqualTo(1);
        assertThat(toB.get("out").get("DELIVERED").asLong()).isEqualTo(1);
        JsonNode dashB = json(get(b, "/api/v1/dashboard"));
        assertThat(dashB.get("partners").get(0).get("partner").asText()).isEqualTo(A);
        assertThat(dashB.get("partners").get(0).get("in").asLong()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void casesAreSearchedWithTheirFiltersChecked() throws Exception {
        JsonNode none = json(get(a, "/api/v1/cases?partner=" + B));
        assertThat(none.get("total").asLong()).isZero();
        HttpResponse<String> bad = get(a, "/api/v1/cases?role=JUDGE&to=never");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("role must be RECEIVING or HANDLING").contains("to must be an RFC 3339 time");
    }

    // --- HTTP with the operator's credentials ---

    static String authorization() {
        return HubFixture.OPERATOR_AUTH;
    }

    HttpRequest.Builder request(HubFixture h, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.apiPort + path)).header("Authorization", authorization());
    }

    HttpResponse<String> get(HubFixture h, String path) throws Exception {
        return http.send(request(h, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(HubFixture h, String path, String body) throws Exception {
        return http.send(request(h, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return TepJson.MAPPER.valueToTree(readTree(r.body()));
    }

    private static JsonNode readTree(String s) {
        try {
            return TepJson.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        cn.tongban.hub.exchange.Eventually.await(what, Duration.ofSeconds(60), done);
    }
}
