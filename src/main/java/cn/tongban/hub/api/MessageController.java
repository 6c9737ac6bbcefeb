package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.json;
import static cn.tongban.hub.api.ApiResponses.problem;
import static cn.tongban.hub.api.SearchParameters.blankToNull;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.SubmissionRefused;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.InboundRecord;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.MessageSearch;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;
import cn.tongban.hub.store.Page;

/**
 * What an operator reads about messages: a search over what the hub received and sent, one message's trace,
 * the dead letters, and the resend of a dead letter as a new message linked to the old one.
 */
@RestController
@Tag(name = "messages", description = "search, trace, dead letters and resend")
public class MessageController {
    private static final Set<String> OUT_STATUSES = Set.of("PENDING", "DELIVERED", "DEAD");
    private static final Set<String> IN_STATUSES = Set.of("ACCEPTED", "HANDED_OVER");

    private final InboundStore inbound;
    private final OutboundStore outbound;
    private final OutboundExchange exchange;

    public MessageController(InboundStore inbound, OutboundStore outbound, OutboundExchange exchange) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.exchange = exchange;
    }

    @Operation(summary = "Search messages sent (direction=out, the default) or received (direction=in)",
            description = "partner: the peer node; caseId: the conversation; status: PENDING, DELIVERED, DEAD (out) or "
                    + "ACCEPTED, HANDED_OVER (in); from/to: RFC 3339, on the time created (out) or received (in). Newest first.")
    @GetMapping("/api/v1/messages")
    public ResponseEntity<byte[]> search(@RequestParam(required = false) String direction,
                                         @RequestParam(required = false) String partner,
                                         @RequestParam(required = false) String type,
                                         @RequestParam(required = false) String status,
                                         @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to,
                                         @RequestParam(required = false) String caseId,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer size) {
        String dir = blankToNull(direction) == null ? "out" : direction.trim();
        SearchParameters p = new SearchParameters(from, to, page, size);
        String st = blankToNull(status);
        if (!dir.equals("in") && !dir.equals("out")) {
            p.errors.add("direction must be in or out");
        } else if (st != null && !(dir.equals("out") ? OUT_STATUSES : IN_STATUSES).contains(st)) {
            p.errors.add("status must be one of " + (dir.equals("out") ? OUT_STATUSES : IN_STATUSES) + " for direction " + dir);
        }
        if (!p.errors.isEmpty()) {
            return problem(400, "INVALID", p.errors);
        }
        MessageSearch q = new MessageSearch(blankToNull(partner), blankToNull(type), st, p.from, p.to, blankToNull(caseId),
                p.offset(), p.size);
        ObjectNode n = pageNode(p);
        ArrayNode items = n.putArray("items");
        if (dir.equals("out")) {
            Page<OutboundRecord> found = outbound.search(q);
            found.items().forEach(r -> items.add(summary(r)));
            n.put("total", found.total());
        } else {
            Page<InboundRecord> found = inbound.search(q);
            found.items().forEach(r -> items.add(summary(r)));
            n.put("total", found.total());
        }
        return json(200, n);
    }

    @Operation(summary = "One sent message's trace: every attempt (HTTP status, the peer's answer, time), the peer's "
            + "problem details, the receipt, and its resend links")
    @GetMapping("/api/v1/messages/out/{id}")
    public ResponseEntity<byte[]> sent(@PathVariable String id) {
        return outbound.find(id).map(r -> {
            ObjectNode n = OutboxController.describe(r, outbound.attempts(id));
            n.put("direction", "out");
            outbound.resendOf(id).ifPresent(x -> n.put("resentAs", x));
            outbound.resender(id).ifPresent(x -> n.put("resentBy", x));
            return json(200, n);
        }).orElseGet(() -> problem(404, "NOT_FOUND", "no sent message " + id));
    }

    @Operation(summary = "One received message: when it was accepted and handed over to the routes, and the receipt it was answered with")
    @GetMapping("/api/v1/messages/in/{from}/{id}")
    public ResponseEntity<byte[]> received(@PathVariable String from, @PathVariable String id) {
        return inbound.find(from, id).map(r -> {
            ObjectNode n = summary(r);
            n.set("receipt", TepJson.read(r.receipt()));
            return json(200, n);
        }).orElseGet(() -> problem(404, "NOT_FOUND", "no message " + id + " received from " + from));
    }

    @Operation(summary = "Dead letters: sent messages that will not be attempted again, newest first, each with its resend if it had one")
    @GetMapping("/api/v1/dead-letters")
    public ResponseEntity<byte[]> deadLetters(@RequestParam(required = false) String partner,
                                              @RequestParam(required = false) String type,
                                              @RequestParam(required = false) Integer page,
                                              @RequestParam(required = false) Integer size) {
        SearchParameters p = new SearchParameters(null, null, page, size);
        if (!p.errors.isEmpty()) {
            return problem(400, "INVALID", p.errors);
        }
        Page<OutboundRecord> found = outbound.search(new MessageSearch(blankToNull(partner), blankToNull(type),
                OutboundStatus.DEAD.name(), null, null, null, p.offset(), p.size));
        ObjectNode n = pageNode(p).put("total", found.total());
        ArrayNode items = n.putArray("items");
        for (OutboundRecord r : found.items()) {
            ObjectNode item = summary(r);
            outbound.resendOf(r.messageId()).ifPresent(x -> item.put("resentAs", x));
            items.add(item);
        }
        return json(200, n);
    }

    @Operation(summary = "Resend a dead letter as a new message (fresh id and content key) linked to the old one",
            description = "201 with the new message; asked again, 200 with that same resend (never a second one); "
                    + "404 for an unknown id; 409 NOT_DEAD for a message that is not dead.")
    @PostMapping("/api/v1/dead-letters/{id}/resend")
    public ResponseEntity<byte[]> resend(@PathVariable String id, Principal who) {
        try {
            OutboundExchange.Resend r = exchange.resend(id, who == null ? null : who.getName());
            String status = outbound.find(r.messageId()).map(m -> m.status().name()).orElse("PENDING");
            return json(r.created() ? 201 : 200, TepJson.MAPPER.createObjectNode().put("id", r.messageId())
                    .put("resentFrom", id).put("status", status).put("created", r.created()));
        } catch (SubmissionRefused e) {
            int code = switch (e.code()) {
                case "NOT_FOUND" -> 404;
                case "NOT_DEAD" -> 409;
                default -> ApiResponses.statusOf(e.code());
            };
            return problem(code, e.code(), List.of(e.getMessage()));
        }
    }

    private static ObjectNode pageNode(SearchParameters p) {
        return TepJson.MAPPER.createObjectNode().put("page", p.page).put("size", p.size);
    }

    static ObjectNode summary(OutboundRecord r) {
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("direction", "out").put("id", r.messageId())
                .put("partner", r.toNode()).put("type", r.type()).put("conv", r.conv()).put("status", r.status().name())
                .put("attempts", r.attempts()).put("createdAt", String.valueOf(r.createdAt())).put("exp", String.valueOf(r.exp()));
        if (r.deliveredAt() != null) {
            n.put("deliveredAt", r.deliveredAt().toString());
        }
        if (r.lastError() != null) {
            n.put("lastError", r.lastError());
        }
        if (r.resentFrom() != null) {
            n.put("resentFrom", r.resentFrom());
        }
        return n;
    }

    static ObjectNode summary(InboundRecord r) {
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("direction", "in").put("id", r.messageId())
                .put("partner", r.fromNode()).put("type", r.type()).put("conv", r.conv())
                .put("status", r.handedOverAt() == null ? "ACCEPTED" : "HANDED_OVER")
                .put("receivedAt", String.valueOf(r.receivedAt())).put("iat", String.valueOf(r.iat())).put("exp", String.valueOf(r.exp()));
        if (r.handedOverAt() != null) {
            n.put("handedOverAt", r.handedOverAt().toString());
        }
        if (r.svc() != null) {
            n.put("svc", r.svc());
        }
        if (r.ref() != null) {
            n.put("ref", r.ref());
        }
        return n;
    }
}
