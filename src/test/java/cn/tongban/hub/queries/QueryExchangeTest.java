package cn.tongban.hub.queries;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.protocol.TepJson;

/**
 * data.query between two real hubs: 370000 asks 130000's real-estate registry; the answer comes back
 * correlated by ref, within the wait or later through the ticket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryExchangeTest {
    static final String ASKER = "370000";
    static final String REGISTRY = "130000";

    @TempDir
    static Path tmp;
    HubFixture asker;
    HubFixture registry;

    @BeforeAll
    void start() throws Exception {
        LoopbackFederation federation = LoopbackFederation.create(tmp.resolve("federation"), ASKER, REGISTRY);
        Path data = tmp.resolve("real-estate.json");
        Files.writeString(data, "[{\"certificateNo\":\"冀(2025)沧州市不动产权第0012345号\",\"holderCode\":\"91350200776049653A\","
                + "\"address\":\"沧州市运河区解放西路1号\",\"area\":\"120.5\",\"status\":\"registered\"}]");
        asker = federation.hub(ASKER, tmp.resolve("data")).start();
        registry = federation.hub(REGISTRY, tmp.resolve("data")).set("tongban.queries.real-estate-data", data.toString()).start();
    }

    @AfterAll
    void stop() {
        if (asker != null) {
            asker.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static ObjectNode params(String cert, String holder) {
        return TepJson.MAPPER.createObjectNode().put("certificateNo", cert).put("holderCode", holder);
    }

    @Test
    void anAnswerWithinTheWaitComesBackToTheCaller() throws Exception {
        QueryService.Outcome o = asker.bean(QueryService.class).ask(REGISTRY, "real-estate.registration",
                params("冀(2025)沧州市不动产权第0012345号", "91350200776049653A"), Duration.ofSeconds(30));
        assertThat(o.status()).isEqualTo("ANSWERED");
        assertThat(o.answer().path("status").asText()).isEqualTo("answered");
        assertThat(o.answer().at("/answer/address").asText()).isEqualTo("沧州市运河区解放西路1号");
    }

    @Test
    void aCallerThatStopsWaitingGetsATicketToPoll() throws Exception {
        QueryService service = asker.bean(QueryService.class);
        QueryService.Outcome o = service.ask(REGISTRY, "real-estate.registration",
                params("冀(2025)沧州市不动产权第0012345号", "11010519491231002X"), Duration.ZERO);
        assertThat(o.status()).isEqualTo("PENDING");
        assertThat(o.answer()).isNull();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        QueryService.Outcome later;
        do {
            Thread.sleep(100);
            later = service.poll(o.ticket()).orElseThrow();
        } while (!later.answered() && System.nanoTime() < end);
        assertThat(later.status()).isEqualTo("ANSWERED");
        assertThat(later.answer().at("/answer/found").asBoolean(true)).as("another holder's registration is not disclosed").isFalse();
    }

    @Test
    void unknownAndRefusedQueriesAreAnsweredAsSuchNotLeftToTimeOut() throws Exception {
        QueryService service = asker.bean(QueryService.class);
        QueryService.Outcome unknown = service.ask(REGISTRY, "marriage.registration", params("x", "y"), Duration.ofSeconds(30));
        assertThat(unknown.status()).isEqualTo("FAILED");
        assertThat(unknown.answer().path("status").asText()).isEqualTo("unknown-query");
        QueryService.Outcome refused = service.ask(REGISTRY, "real-estate.registration",
                TepJson.MAPPER.createObjectNode(), Duration.ofSeconds(30));
        assertThat(refused.status()).isEqualTo("FAILED");
        assertThat(refused.answer().path("reason").asText()).contains("required");
    }

    @Test
    void theLocalApiWaitsOrHandsOutATicket() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + asker.apiPort + "/api/v1/queries");
        String body = "{\"to\":\"130000\",\"query\":\"real-estate.registration\",\"waitSeconds\":30,"
                + "\"params\":{\"certificateNo\":\"冀(2025)沧州市不动产权第0012345号\",\"holderCode\":\"91350200776049653A\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", HubFixture.OPERATOR_AUTH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = TepJson.read(r.body().getBytes());
        assertThat(n.at("/result/answer/status").asText()).isEqualTo("registered");
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(URI.create(uri + "/" + n.get("ticket").asText()))
                .header("Authorization", HubFixture.OPERATOR_AUTH).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(TepJson.read(poll.body().getBytes()).get("status").asText()).isEqualTo("ANSWERED");
    }
}
