package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.json;
import static cn.tongban.hub.api.ApiResponses.problem;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.cases.CaseJson;
import cn.tongban.hub.cases.ServiceEvaluation;
import cn.tongban.hub.cases.Violation;
import cn.tongban.hub.exchange.SubmissionRefused;
import cn.tongban.hub.handling.CaseIntake;
import cn.tongban.hub.handling.CaseRegistry;
import cn.tongban.hub.handling.TimeLimitBoard;
import cn.tongban.hub.protocol.TepJson;

/**
 * The window's side: {@code POST /api/v1/cases} (a canonical case submission, see docs/schemas) sends it to
 * its handling region, or answers 400 listing every violated field (nothing is sent then);
 * {@code GET /api/v1/cases/{caseId}} its state and history on both sides this hub took;
 * {@code POST /api/v1/cases/{caseId}/evaluation} the applicant's evaluation (好差评).
 */
@RestController
public class CaseController {
    private final CaseIntake intake;
    private final CaseRegistry registry;
    private final CaseJson caseJson;
    private final TimeLimitBoard timeLimits;

    public CaseController(CaseIntake intake, CaseRegistry registry, CaseJson caseJson, TimeLimitBoard timeLimits) {
        this.timeLimits = timeLimits;
        this.intake = intake;
        this.registry = registry;
        this.caseJson = caseJson;
    }

    @PostMapping(path = "/api/v1/cases", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> submit(@RequestBody byte[] body) {
        try {
            CaseIntake.Submitted s = intake.submit(body);
            if (s.messageId() == null) {
                return problem(400, "INVALID", s.violations().stream()
                        .filter(v -> v.severity() == Violation.Severity.ERROR).map(v -> v.field() + ": " + v.message()).toList());
            }
            ObjectNode n = TepJson.MAPPER.createObjectNode().put("messageId", s.messageId()).put("to", s.toNode());
            s.violations().forEach(v -> n.withArray("warnings").add(v.field() + ": " + v.message()));
            return json(202, n);
        } catch (SubmissionRefused e) {
            return problem(ApiResponses.statusOf(e.code()), e.code(), e.getMessage());
        }
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Search cases",
            description = "partner: the other region's node; role: RECEIVING or HANDLING; serviceItem: the service item code; "
                    + "status: the case's state; from/to: RFC 3339, on the time submitted. Newest first.")
    @GetMapping("/api/v1/cases")
    public ResponseEntity<byte[]> search(@RequestParam(required = false) String caseId,
                                         @RequestParam(required = false) String role,
                                         @RequestParam(required = false) String partner,
                                         @RequestParam(required = false) String serviceItem,
                                         @RequestParam(required = false) String status,
                                         @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer size) {
        SearchParameters p = new SearchParameters(from, to, page, size);
        CaseRegistry.Role r = null;
        if (SearchParameters.blankToNull(role) != null) {
            try {
                r = CaseRegistry.Role.valueOf(role.trim());
            } catch (IllegalArgumentException e) {
                p.errors.add("role must be RECEIVING or HANDLING");
            }
        }
        if (!p.errors.isEmpty()) {
            return problem(400, "INVALID", p.errors);
        }
        CaseRegistry.Found found = registry.search(new CaseRegistry.Search(SearchParameters.blankToNull(caseId), r,
                SearchParameters.blankToNull(partner), SearchParameters.blankToNull(serviceItem), SearchParameters.blankToNull(status),
                p.from, p.to, p.offset(), p.size));
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("page", p.page).put("size", p.size).put("total", found.total());
        ArrayNode items = n.putArray("items");
        for (CaseRegistry.CaseRecord c : found.items()) {
            items.addObject().put("caseId", c.caseId()).put("role", c.role().name()).put("partner", c.peerNode())
                    .put("serviceItemCode", c.serviceItemCode()).put("state", c.state())
                    .put("promisedWorkingDays", c.promisedWorkingDays())
                    .put("submittedAt", String.valueOf(c.submittedAt())).put("updatedAt", String.valueOf(c.updatedAt()));
        }
        return json(200, n);
    }

    @GetMapping("/api/v1/cases/{caseId}")
    public ResponseEntity<byte[]> find(@PathVariable String caseId) {
        ArrayNode sides = TepJson.MAPPER.createArrayNode();
        for (CaseRegistry.Role role : CaseRegistry.Role.values()) {
            registry.find(caseId, role).ifPresent(r -> {
                ObjectNode n = sides.addObject().put("role", role.name()).put("state", r.state()).put("peer", r.peerNode())
                        .put("serviceItemCode", r.serviceItemCode()).put("promisedWorkingDays", r.promisedWorkingDays())
                        .put("submittedAt", String.valueOf(r.submittedAt())).put("updatedAt", String.valueOf(r.updatedAt()));
                // 承诺时限, once accepted: its due day and where the case stands (finished ones: on time or late)
                timeLimits.of(r).ifPresent(t -> n.putObject("timeLimit").put("acceptedAt", String.valueOf(r.acceptedAt()))
                        .put("due", t.due().toString()).put("state", t.state().name()).put("workingDaysLeft", t.workingDaysLeft()));
                ArrayNode h = n.putArray("history");
                for (CaseRegistry.Event e : registry.history(caseId, role)) {
                    ObjectNode ev = h.addObject().put("state", e.state()).put("at", String.valueOf(e.at()));
                    if (e.reasons() != null) {
                        ev.put("reasons", e.reasons());
                    }
                    if (e.messageId() != null) {
                        ev.put("messageId", e.messageId());
                    }
                }
            });
        }
        if (sides.isEmpty()) {
            return problem(404, "NOT_FOUND", "no case " + caseId);
        }
        return json(200, TepJson.MAPPER.createObjectNode().put("caseId", caseId).set("sides", sides));
    }

    @PostMapping(path = "/api/v1/cases/{caseId}/evaluation", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> evaluate(@PathVariable String caseId, @RequestBody byte[] body) {
        CaseJson.Reading<ServiceEvaluation> r = caseJson.readEvaluation(body);
        if (!r.ok()) {
            return problem(400, "INVALID", r.violations().stream().map(v -> v.field() + ": " + v.message()).toList());
        }
        if (!caseId.equals(r.value().caseId())) {
            return problem(400, "INVALID", List.of("/caseId: differs from the case in the path"));
        }
        try {
            return json(202, TepJson.MAPPER.createObjectNode().put("messageId", intake.evaluate(r.value())));
        } catch (SubmissionRefused e) {
            return problem(ApiResponses.statusOf(e.code()), e.code(), e.getMessage());
        }
    }
}
