package cn.tongban.hub.handling;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.cases.CaseJson;
import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.cases.Material;
import cn.tongban.hub.cases.ServiceEvaluation;
import cn.tongban.hub.cases.Violation;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * The handling region's side of a case ({@code case.submit} arriving): an invalid case is answered
 * REJECTED with every violated field and nothing else happens; each electronic licence is checked where it is
 * held (免提交), a licence that does not check out is answered MORE_MATERIALS_NEEDED; then the deciding
 * system decides, and its status goes back to the receiving region as {@code case.status}. A failure worth
 * retrying (a system unreachable, a licence check unanswered) is thrown, so that the transacted route leaves
 * the case on its queue for redelivery: never lost, and every step is safe to repeat.
 */
public class CaseHandling {
    public static final String SUBMIT = "case.submit";
    public static final String STATUS = "case.status";
    private static final Logger LOG = LoggerFactory.getLogger(CaseHandling.class);

    private final CaseJson json;
    private final LicenceChecker licences;
    private final DecidingSystem decider;
    private final OutboundExchange outbound;
    private final DirectoryService directory;
    private final CaseRegistry registry;
    private final Clock clock;
    private final Duration licenceTimeout;
    private final String me;

    public CaseHandling(CaseJson json, LicenceChecker licences, DecidingSystem decider, OutboundExchange outbound,
                        DirectoryService directory, CaseRegistry registry, Clock clock, Duration licenceTimeout, String me) {
        this.json = json;
        this.licences = licences;
        this.decider = decider;
        this.outbound = outbound;
        this.directory = directory;
        this.registry = registry;
        this.clock = clock;
        this.licenceTimeout = licenceTimeout;
        this.me = me;
    }

    /** The route's entry for an accepted {@code case.evaluation} (好差评): kept with the case. */
    public void evaluationArrived(String fromNode, String messageId, byte[] body) {
        CaseJson.Reading<ServiceEvaluation> r = json.readEvaluation(body);
        if (r.value() == null) {
            LOG.warn("unreadable case.evaluation {} from {}", messageId, fromNode);
            return;
        }
        registry.note(r.value().caseId(), CaseRegistry.Role.HANDLING, "evaluated-" + r.value().rating(), messageId, now());
    }

    /** The route's entry for an accepted {@code case.submit}. Returns the status sent back. */
    public CaseStatus handle(String fromNode, String messageId, String conv, byte[] body) throws Exception {
        CaseJson.Reading<CaseSubmission> reading = json.readSubmission(body);
        if (!reading.ok()) {
            List<String> reasons = reading.violations().stream().filter(v -> v.severity() == Violation.Severity.ERROR)
                    .map(v -> v.field() + ": " + v.message()).toList();
            String caseId = reading.value() != null ? reading.value().caseId() : conv;
            LOG.info("case {} from {} refused: {} violations", caseId, fromNode, reasons.size());
            return reply(fromNode, messageId, null, new CaseStatus(caseId, CaseState.REJECTED, reasons, me, now()));
        }
        CaseSubmission c = reading.value();
        registry.open(c, CaseRegistry.Role.HANDLING, fromNode, messageId, now());
        List<String> problems = checkLicences(c);
        if (!problems.isEmpty()) {
            return reply(fromNode, messageId, c, new CaseStatus(c.caseId(), CaseState.MORE_MATERIALS_NEEDED, problems, me, now()));
        }
        registry.status(c.caseId(), CaseRegistry.Role.HANDLING, "licences-checked", List.of(), null, now());
        if (decider == null) {
            // no deciding system is wired here: the case is on record and the receiving region knows it arrived
            return reply(fromNode, messageId, c, new CaseStatus(c.caseId(), CaseState.RECEIVED,
                    List.of("awaiting the deciding authority's system"), me, now()));
        }
        CaseStatus decided = decider.submit(c);
        return reply(fromNode, messageId, c, decided);
    }

    private List<String> checkLicences(CaseSubmission c) throws ExecutionException, InterruptedException, TimeoutException {
        List<String> problems = new ArrayList<>();
        String holderNode = RegionNodes.nodeFor(c.receivingRegion(), directory.current().orElse(null));
        for (Material m : c.materials()) {
            if (m instanceof Material.Licence l) {
                LicenceCheck.Result r = licences.check(holderNode,
                                new LicenceCheck.Request(l.licenceId(), l.holderCode(), c.caseId(), "case " + c.serviceItemCode()))
                        .get(licenceTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!r.valid()) {
                    problems.add(l.title() + " (" + l.licenceId() + "): " + r.reason());
                }
            }
        }
        return problems;
    }

    private CaseStatus reply(String toNode, String ref, CaseSubmission c, CaseStatus status) throws SubmissionRefused {
        String id = outbound.submit(new OutboundRequest(toNode, null, STATUS, c == null ? null : c.serviceItemCode(),
                status.caseId(), ref, "application/json", CaseJson.writeBytes(status), true, null));
        if (c != null) {
            registry.status(c.caseId(), CaseRegistry.Role.HANDLING, status.state().code(), status.reasons(), id, now());
        }
        LOG.info("case {}: {} sent to {}", status.caseId(), status.state().code(), toNode);
        return status;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
