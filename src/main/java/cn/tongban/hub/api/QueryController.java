package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.problem;

import java.time.Duration;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.exchange.SubmissionRefused;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.queries.QueryService;
import cn.tongban.hub.queries.QueryWaits;

/**
 * {@code POST /api/v1/queries} {@code {"to", "query", "params", "waitSeconds"?}}: asks another region and
 * waits up to {@code waitSeconds}; 200 with the answer, or 202 with a ticket. {@code GET /api/v1/queries/{ticket}}
 * polls it (200 answered or failed, 202 still pending).
 */
@RestController
public class QueryController {
    private final QueryService queries;
    private final QueryWaits settings;

    public QueryController(QueryService queries, QueryWaits settings) {
        this.queries = queries;
        this.settings = settings;
    }

    @PostMapping(path = "/api/v1/queries", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> ask(@RequestBody byte[] json) {
        JsonNode in;
        try {
            in = TepJson.read(json);
        } catch (IllegalArgumentException e) {
            return problem(400, "INVALID", "the request is not strict JSON");
        }
        String to = in.path("to").asText("");
        String query = in.path("query").asText("");
        if (to.isEmpty() || query.isEmpty()) {
            return problem(400, "INVALID", "to and query are required");
        }
        Duration wait = in.has("waitSeconds") ? Duration.ofMillis((long) (in.get("waitSeconds").asDouble() * 1000)) : settings.defaultWait();
        if (wait.isNegative() || wait.compareTo(settings.maxWait()) > 0) {
            return problem(400, "INVALID", "waitSeconds must be from 0 to " + settings.maxWait().toSeconds());
        }
        try {
            return outcome(queries.ask(to, query, in.get("params"), wait));
        } catch (SubmissionRefused e) {
            return problem(ApiResponses.statusOf(e.code()), e.code(), e.getMessage());
        }
    }

    @GetMapping("/api/v1/queries/{ticket}")
    public ResponseEntity<byte[]> poll(@PathVariable String ticket) {
        return queries.poll(ticket).map(QueryController::outcome)
                .orElseGet(() -> problem(404, "NOT_FOUND", "no ticket " + ticket));
    }

    private static ResponseEntity<byte[]> outcome(QueryService.Outcome o) {
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("ticket", o.ticket()).put("status", o.status());
        if (o.answer() != null) {
            n.set("result", o.answer());
        }
        return ApiResponses.json(o.answered() ? 200 : 202, n);
    }
}
