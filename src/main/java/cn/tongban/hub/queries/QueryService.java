package cn.tongban.hub.queries;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;
import cn.tongban.hub.protocol.MessageIds;
import cn.tongban.hub.protocol.TepJson;

/**
 * Both sides of {@code data.query}. Asking: {@link #ask} sends the query, stores a ticket, and waits for the
 * answer up to the caller's time-out; {@link #poll} reads a ticket later. Answering: {@link #respond} runs the
 * local adapter and sends {@code data.query.result} with {@code ref} = the query's id.
 *
 * <p>Query body: {@code {"query": "<adapter name>", "params": {...}}}. Result body:
 * {@code {"status": "answered" | "refused" | "unknown-query", "answer": {...}, "reason": "..."}}.
 */
public class QueryService {
    public static final String QUERY = "data.query";
    public static final String RESULT = "data.query.result";
    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);

    /** What {@link #ask} returns: the answer if it came in time, else the ticket to poll. */
    public record Outcome(String ticket, String status, JsonNode answer) {
        public boolean answered() {
            return !"PENDING".equals(status);
        }
    }

    private final OutboundExchange outbound;
    private final QueryTicketStore tickets;
    private final Map<String, QueryAdapter> adapters;
    private final Clock clock;
    /** Callers waiting in this instance; a result arriving at another instance is still seen by polling. */
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    public QueryService(OutboundExchange outbound, QueryTicketStore tickets, List<QueryAdapter> adapters, Clock clock) {
        this.outbound = outbound;
        this.tickets = tickets;
        this.adapters = adapters.stream().collect(Collectors.toMap(QueryAdapter::name, Function.identity()));
        this.clock = clock;
    }

    public Outcome ask(String toNode, String query, JsonNode params, Duration wait) throws SubmissionRefused {
        ObjectNode body = TepJson.MAPPER.createObjectNode().put("query", query);
        body.set("params", params == null ? TepJson.MAPPER.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        // the ticket (= the message id) is recorded and awaited before the query leaves, so that an answer,
        // however quick and whichever instance receives it, always finds it
        String ticket = MessageIds.next();
        tickets.open(ticket, toNode, query, OffsetDateTime.now(clock));
        waiting.put(ticket, answer);
        try {
            outbound.submit(new OutboundRequest(toNode, null, QUERY, query, null, null, "application/json",
                    TepJson.write(body), true, null), ticket);
        } catch (SubmissionRefused | RuntimeException e) {
            waiting.remove(ticket);
            tickets.answer(ticket, "FAILED", null, OffsetDateTime.now(clock));
            throw e;
        }
        try {
            JsonNode a = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(ticket, statusOf(a), a);
        } catch (TimeoutException e) {
            return poll(ticket).orElse(new Outcome(ticket, "PENDING", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(ticket, "PENDING", null);
        } catch (ExecutionException e) {
            return new Outcome(ticket, "FAILED", null);
        } finally {
            waiting.remove(ticket);
        }
    }

    public Optional<Outcome> poll(String ticket) {
        return tickets.find(ticket).map(t -> new Outcome(t.ticket(), t.status(),
                t.answer() == null ? null : TepJson.read(t.answer())));
    }

    /** An arriving {@code data.query.result} ({@code ref} = the ticket). */
    public void resultArrived(String ref, byte[] body) {
        JsonNode result = TepJson.read(body);
        String status = statusOf(result);
        if (tickets.answer(ref, status, body, OffsetDateTime.now(clock))) {
            LOG.info("query {} {}", ref, status.toLowerCase());
        }
        CompletableFuture<JsonNode> f = waiting.get(ref);
        if (f != null) {
            f.complete(result);
        }
    }

    /** ANSWERED when the remote system answered, FAILED when it refused or knows no such query. */
    private static String statusOf(JsonNode result) {
        return "answered".equals(result.path("status").asText()) ? "ANSWERED" : "FAILED";
    }

    /** An arriving {@code data.query}: answered by the local adapter, the result sent back to the asker. */
    public void respond(String fromNode, String queryId, String conv, byte[] body) throws SubmissionRefused {
        JsonNode q = TepJson.read(body);
        String name = q.path("query").asText("");
        ObjectNode result = TepJson.MAPPER.createObjectNode();
        QueryAdapter adapter = adapters.get(name);
        if (adapter == null) {
            result.put("status", "unknown-query").put("reason", "no local system answers " + name);
        } else {
            try {
                result.put("status", "answered").set("answer", adapter.answer(q.path("params"), fromNode));
            } catch (QueryAdapter.QueryRefused e) {
                result.put("status", "refused").put("reason", e.getMessage());
            }
        }
        outbound.submit(new OutboundRequest(fromNode, null, RESULT, name, conv, queryId, "application/json",
                TepJson.write(result), true, null));
    }
}
