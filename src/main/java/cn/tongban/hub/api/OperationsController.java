package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.json;
import static cn.tongban.hub.api.ApiResponses.problem;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.routes.RouteCounters;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/** What an operator reads about the hub itself: the directory in force, the Camel routes, and the dashboard's figures. */
@RestController
@Tag(name = "operations", description = "directory, routes, dashboard")
public class OperationsController {
    /** Dead letters whose refusal codes the dashboard counts at most (the newest). */
    static final int REFUSALS_COUNTED = 10_000;

    private final DirectoryService directory;
    private final CamelContext camel;
    private final RouteCounters counters;
    private final InboundStore inbound;
    private final OutboundStore outbound;
    private final AuditTrail audit;

    public OperationsController(DirectoryService directory, CamelContext camel, RouteCounters counters, InboundStore inbound,
                                OutboundStore outbound, AuditTrail audit) {
        this.audit = audit;
        this.directory = directory;
        this.camel = camel;
        this.counters = counters;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    @Operation(summary = "The directory in force: version, issued, expiry, and every node with its endpoint and what it accepts")
    @GetMapping("/api/v1/directory")
    public ResponseEntity<byte[]> directory() {
        Directory d = directory.current().orElse(null);
        if (d == null) {
            return problem(503, "NO_DIRECTORY", "no directory in force yet");
        }
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("version", d.version()).put("issuedAt", d.issuedAt())
                .put("expires", String.valueOf(d.header().exp()));
        ArrayNode nodes = n.putArray("nodes");
        for (Directory.Node node : d.nodes().values()) {
            ObjectNode o = nodes.addObject().put("node", node.node()).put("name", node.name()).put("endpoint", node.endpoint())
                    .put("encryptionCertificate", node.encryptionCertificate() == null ? null
                            : node.encryptionCertificate().getSubjectX500Principal().getName())
                    .put("signingCertificates", node.signCerts().size());
            ArrayNode accepts = o.putArray("accepts");
            for (Directory.Acceptance a : node.accepts()) {
                ObjectNode ao = accepts.addObject().put("type", a.type());
                a.svc().forEach(ao.putArray("svc")::add);
                a.from().forEach(ao.putArray("from")::add);
            }
        }
        return json(200, n);
    }

    @Operation(summary = "Every Camel route: status, where it reads from, exchanges finished and failed since the hub started, in flight")
    @GetMapping("/api/v1/routes")
    public ResponseEntity<byte[]> routes() {
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("camel", camel.getStatus().name());
        ArrayNode routes = n.putArray("routes");
        for (Route r : camel.getRoutes().stream().sorted(java.util.Comparator.comparing(Route::getRouteId)).toList()) {
            RouteCounters.Counts c = counters.of(r.getRouteId());
            routes.addObject().put("id", r.getRouteId())
                    .put("status", String.valueOf(camel.getRouteController().getRouteStatus(r.getRouteId())))
                    .put("from", withoutQuery(r.getEndpoint().getEndpointUri()))
                    .put("uptimeMillis", r.getUptimeMillis())
                    .put("exchangesTotal", c.total()).put("exchangesFailed", c.failed())
                    .put("inflight", camel.getInflightRepository().size(r.getRouteId()));
        }
        return json(200, n);
    }

    @Operation(summary = "The dashboard's figures: messages in and out per partner, refusals by code (peers' of ours, "
            + "and this hub's of theirs, from the audit trail), retries, dead letters")
    @GetMapping("/api/v1/dashboard")
    public ResponseEntity<byte[]> dashboard() {
        Map<String, ObjectNode> partners = new TreeMap<>();
        inbound.countsByPartner().forEach((p, count) -> partner(partners, p).put("in", count));
        long dead = 0;
        long pending = 0;
        for (OutboundStore.PartnerCount c : outbound.countsByPartner()) {
            ObjectNode out = (ObjectNode) partner(partners, c.partner()).get("out");
            out.put(c.status(), c.count());
            out.put("total", out.path("total").asLong() + c.count());
            dead += c.status().equals(OutboundStatus.DEAD.name()) ? c.count() : 0;
            pending += c.status().equals(OutboundStatus.PENDING.name()) ? c.count() : 0;
        }
        Map<String, Long> refusals = new TreeMap<>();
        for (String p : outbound.refusals(REFUSALS_COUNTED)) {
            refusals.merge(refusalCode(p), 1L, Long::sum);
        }
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("deadLetters", dead).put("pending", pending)
                .put("retries", outbound.retries());
        ArrayNode ps = n.putArray("partners");
        partners.values().forEach(ps::add);
        ObjectNode r = n.putObject("refusals");
        refusals.forEach(r::put);
        ObjectNode in = n.putObject("inboundRefusals");
        audit.refusalsByCode().forEach(in::put);
        return json(200, n);
    }

    private static ObjectNode partner(Map<String, ObjectNode> partners, String node) {
        return partners.computeIfAbsent(node, k -> {
            ObjectNode o = TepJson.MAPPER.createObjectNode().put("partner", k).put("in", 0);
            o.putObject("out").put("total", 0);
            return o;
        });
    }

    /** The code of a peer's problem details (TEP-1 §3), or UNREADABLE when its answer was not one. */
    static String refusalCode(String problem) {
        try {
            JsonNode p = TepJson.MAPPER.readTree(problem.getBytes(StandardCharsets.UTF_8));
            String code = p.path("code").asText("");
            return code.isEmpty() ? "HTTP_" + p.path("status").asText("?") : code;
        } catch (java.io.IOException | RuntimeException e) {
            return "UNREADABLE";
        }
    }

    /** An endpoint's options may carry settings an operator page has no need of (and, for some components, secrets). */
    private static String withoutQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
