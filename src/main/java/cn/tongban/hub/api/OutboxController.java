package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.json;
import static cn.tongban.hub.api.ApiResponses.problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;


import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.DeliveryAttempt;
import cn.tongban.hub.store.OutboundRecord;

/**
 * {@code POST /api/v1/outbox}: {@code {to, type, svc?, conv?, ref?, toOrg?, cty?, encrypt?, lifetimeSeconds?, body | bodyBase64}}
 * — {@code body} is any JSON value (sent as {@code application/json}), {@code bodyBase64} raw bytes with their
 * {@code cty}. Answers 202 with the message id. An optional {@code id} (a UUID the caller chose) makes the
 * submission safe to repeat: a caller that lost the answer (a time-out, a hub restarted) sends the same
 * request again and gets 200 with the status of the message already queued, never a second message.
 * {@code GET /api/v1/outbox/{id}}: its status, attempts, and the receipt once delivered.
 */
@RestController
public class OutboxController {
    private final OutboundExchange outbound;

    public OutboxController(OutboundExchange outbound) {
        this.outbound = outbound;
    }

    @PostMapping(path = "/api/v1/outbox", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> submit(@RequestBody byte[] json) {
        JsonNode in;
        try {
            in = TepJson.read(json);
        } catch (IllegalArgumentException e) {
            return problem(400, "INVALID", List.of("the request is not strict JSON: " + e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        String to = text(in, "to", true, errors);
        String type = text(in, "type", true, errors);
        String cty = text(in, "cty", false, errors);
        byte[] body = null;
        if (in.has("body") && in.has("bodyBase64")) {
            errors.add("body and bodyBase64 exclude each other");
        } else if (in.has("body")) {
            body = TepJson.write(in.get("body"));
            cty = cty == null ? "application/json" : cty;
        } else if (in.has("bodyBase64")) {
            try {
                body = Base64.getDecoder().decode(in.get("bodyBase64").asText());
            } catch (IllegalArgumentException e) {
                errors.add("bodyBase64 is not base64");
            }
            if (cty == null) {
                errors.add("cty is required with bodyBase64");
            }
        } else {
            errors.add("body or bodyBase64 is required");
        }
        if (in.has("encrypt") && !in.get("encrypt").isBoolean()) {
            errors.add("encrypt must be true or false");
        }
        OutboundRequest r = new OutboundRequest(to, text(in, "toOrg", false, errors), type, text(in, "svc", false, errors),
                text(in, "conv", false, errors), text(in, "ref", false, errors), cty, body, in.path("encrypt").asBoolean(true), lifetime(in, errors));
        String chosenId = text(in, "id", false, errors);
        if (chosenId != null && !isUuid(chosenId)) {
            errors.add("id must be a UUID");
        }
        if (!errors.isEmpty()) {
            return problem(400, "INVALID", errors);
        }
        if (chosenId != null) {
            var already = alreadySubmitted(chosenId);
            if (already != null) {
                return already;
            }
        }
        try {
            String id = outbound.submit(r, chosenId);
            ObjectNode out = TepJson.MAPPER.createObjectNode().put("id", id).put("status", "PENDING");
            return json(HttpStatus.ACCEPTED.value(), out);
        } catch (SubmissionRefused e) {
            return problem(ApiResponses.statusOf(e.code()), e.code(), e.getMessage());
        } catch (DuplicateKeyException e) { // the same id submitted concurrently: the first one stands
            return alreadySubmitted(chosenId);
        }
    }

    private ResponseEntity<byte[]> alreadySubmitted(String id) {
        return outbound.status(id).map(m -> json(200, TepJson.MAPPER.createObjectNode().put("id", id)
                .put("status", m.status().name()))).orElse(null);
    }

    private static boolean isUuid(String s) {
        try {
            return java.util.UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @GetMapping("/api/v1/outbox/{id}")
    public ResponseEntity<byte[]> status(@PathVariable String id) {
        return outbound.status(id).map(r -> json(200, describe(r, outbound.attempts(id))))
                .orElseGet(() -> problem(404, "NOT_FOUND", List.of("no message " + id)));
    }

    static ObjectNode describe(OutboundRecord r, List<DeliveryAttempt> attempts) {
        ObjectNode n = TepJson.MAPPER.createObjectNode();
        n.put("id", r.messageId()).put("to", r.toNode()).put("type", r.type()).put("conv", r.conv())
                .put("status", r.status().name()).put("attempts", r.attempts())
                .put("createdAt", String.valueOf(r.createdAt())).put("exp", String.valueOf(r.exp()));
        putIfSet(n, "svc", r.svc());
        putIfSet(n, "ref", r.ref());
        putIfSet(n, "nextAttemptAt", r.status().name().equals("PENDING") ? String.valueOf(r.nextAttemptAt()) : null);
        putIfSet(n, "deliveredAt", r.deliveredAt() == null ? null : r.deliveredAt().toString());
        putIfSet(n, "lastError", r.lastError());
        putIfSet(n, "resentFrom", r.resentFrom());
        if (r.problem() != null) {
            try {
                n.set("problem", TepJson.read(r.problem().getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                n.put("problem", r.problem());
            }
        }
        if (r.receipt() != null) {
            n.set("receipt", TepJson.read(r.receipt()));
        }
        var trace = n.putArray("trace");
        for (DeliveryAttempt a : attempts) {
            ObjectNode t = trace.addObject().put("attempt", a.attempt()).put("at", String.valueOf(a.at())).put("outcome", a.outcome());
            if (a.httpStatus() != null) {
                t.put("httpStatus", a.httpStatus());
            }
            putIfSet(t, "detail", a.detail());
        }
        return n;
    }

    private static void putIfSet(ObjectNode n, String k, String v) {
        if (v != null) {
            n.put(k, v);
        }
    }

    /** {@code lifetimeSeconds}: how long the hub keeps trying (the message's exp - iat). */
    private static java.time.Duration lifetime(JsonNode in, List<String> errors) {
        JsonNode v = in.get("lifetimeSeconds");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || v.asLong() <= 0 || v.asLong() > 7 * 86400) {
            errors.add("lifetimeSeconds must be a whole number from 1 to 604800");
            return null;
        }
        return java.time.Duration.ofSeconds(v.asLong());
    }

    private static String text(JsonNode in, String name, boolean required, List<String> errors) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(name + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            errors.add(name + " must be a non-empty string");
            return null;
        }
        return v.textValue();
    }
}
