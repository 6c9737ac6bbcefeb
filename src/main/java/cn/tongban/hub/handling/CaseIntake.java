package cn.tongban.hub.handling;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.cases.CaseJson;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.ServiceEvaluation;
import cn.tongban.hub.cases.Violation;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * The receiving region's side (the 跨省通办 window): a validated case goes to the hub of its handling
 * region as {@code case.submit}; the statuses that come back are recorded.
 */
public class CaseIntake {
    private static final Logger LOG = LoggerFactory.getLogger(CaseIntake.class);

    /** Submitting gave either the message id or the violations (nothing was sent then). */
    public record Submitted(String messageId, String toNode, List<Violation> violations) {
    }

    private final CaseJson json;
    private final OutboundExchange outbound;
    private final DirectoryService directory;
    private final CaseRegistry registry;
    private final Clock clock;

    public CaseIntake(CaseJson json, OutboundExchange outbound, DirectoryService directory, CaseRegistry registry, Clock clock) {
        this.json = json;
        this.outbound = outbound;
        this.directory = directory;
        this.registry = registry;
        this.clock = clock;
    }

    public Submitted submit(byte[] caseJson) throws SubmissionRefused {
        CaseJson.Reading<CaseSubmission> reading = json.readSubmission(caseJson);
        if (!reading.ok()) {
            return new Submitted(null, null, reading.violations());
        }
        CaseSubmission c = reading.value();
        String to = RegionNodes.nodeFor(c.handlingRegions().get(0), directory.current().orElse(null));
        String id = outbound.submit(new OutboundRequest(to, null, CaseHandling.SUBMIT, c.serviceItemCode(), c.caseId(), null,
                "application/json", CaseJson.writeBytes(c), true, null));
        registry.open(c, CaseRegistry.Role.RECEIVING, to, id, OffsetDateTime.now(clock));
        LOG.info("case {} sent to {} as {}", c.caseId(), to, id);
        return new Submitted(id, to, reading.violations());
    }

    /** Sends the applicant's evaluation (好差评) of a case this region received to the region that handled it. */
    public String evaluate(ServiceEvaluation e) throws SubmissionRefused {
        List<Violation> v = json.validator().validate(e).stream().filter(x -> x.severity() == Violation.Severity.ERROR).toList();
        if (!v.isEmpty()) {
            throw new SubmissionRefused("INVALID", v.stream().map(x -> x.field() + ": " + x.message()).toList().toString());
        }
        CaseRegistry.CaseRecord c = registry.find(e.caseId(), CaseRegistry.Role.RECEIVING)
                .orElseThrow(() -> new SubmissionRefused("INVALID", "this region received no case " + e.caseId()));
        String id = outbound.submit(new OutboundRequest(c.peerNode(), null, "case.evaluation", c.serviceItemCode(), e.caseId(),
                null, "application/json", CaseJson.writeBytes(e), true, null));
        registry.note(e.caseId(), CaseRegistry.Role.RECEIVING, "evaluated-" + e.rating(), id, OffsetDateTime.now(clock));
        return id;
    }

    /** The route's entry for an accepted {@code case.status}. */
    public void statusArrived(String fromNode, String messageId, byte[] body) {
        CaseJson.Reading<CaseStatus> reading = json.readStatus(body);
        if (reading.value() == null) {
            LOG.warn("unreadable case.status {} from {}: {}", messageId, fromNode, reading.violations());
            return;
        }
        CaseStatus s = reading.value();
        registry.status(s.caseId(), CaseRegistry.Role.RECEIVING, s.state().code(), s.reasons(), messageId, OffsetDateTime.now(clock));
        LOG.info("case {}: {} from {}", s.caseId(), s.state().code(), fromNode);
    }
}
