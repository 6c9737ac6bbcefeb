package cn.tongban.hub.adapters.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jws.WebService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.adapters.registration.soap.Acknowledgement;
import cn.tongban.hub.adapters.registration.soap.CaseProgress;
import cn.tongban.hub.adapters.registration.soap.QueryStatusRequest;
import cn.tongban.hub.adapters.registration.soap.QueryStatusResponse;
import cn.tongban.hub.adapters.registration.soap.RegistrationPort;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseRequest;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseResponse;
import cn.tongban.hub.adapters.registration.soap.ValidationFailed;
import cn.tongban.hub.adapters.registration.soap.ValidationFault;
import cn.tongban.hub.adapters.registration.soap.Violation;
import cn.tongban.hub.cases.PersonalData;

/**
 * The simulated ministry registration system behind {@link RegistrationSimulator}. What it answers is driven
 * by the data, so that tests and demos can reach every path:
 * <ul>
 *   <li>service item code ending in {@code 9} → ValidationFault, not correctable (not handled here: REJECTED);</li>
 *   <li>service item code ending in {@code 8}, or no materials → ValidationFault, correctable (MORE_MATERIALS_NEEDED);</li>
 *   <li>a required field missing → ValidationFault INVALID_DATA, not correctable;</li>
 *   <li>applicant name containing 补正 → MORE_MATERIALS_NEEDED; 驳回 → REJECTED; 容缺 → ACCEPTED_PENDING_MATERIALS;</li>
 *   <li>otherwise ACCEPTED with a registration number {@code REG-yyyyMMdd-NNNNNN}.</li>
 * </ul>
 * Every answer waits {@link #setDelay delay} first (time-out tests). Cases are kept in memory: a repeated
 * SubmitCase returns the first acknowledgement (the WSDL's idempotence), and QueryStatus finds them by case
 * id or registration number.
 */
@WebService(serviceName = "RegistrationService", portName = "RegistrationPort",
        targetNamespace = "urn:tongban:registration:v1", wsdlLocation = "classpath:wsdl/registration.wsdl",
        endpointInterface = "cn.tongban.hub.adapters.registration.soap.RegistrationPort")
public class SimulatedRegistry implements RegistrationPort {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRegistry.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Clock clock;
    private final Map<String, Registered> byCase = new ConcurrentHashMap<>();
    private final Map<String, String> byNumber = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    private static final class Registered {
        final SubmitCaseResponse acknowledgement;
        volatile CaseProgress progress;
        volatile List<String> reasons;
        volatile OffsetDateTime at;

        Registered(SubmitCaseResponse acknowledgement, CaseProgress progress, List<String> reasons, OffsetDateTime at) {
            this.acknowledgement = acknowledgement;
            this.progress = progress;
            this.reasons = reasons;
            this.at = at;
        }
    }

    public SimulatedRegistry(Clock clock) {
        this.clock = clock;
    }

    /** How long each answer waits before it is sent. */
    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    /** Operations that reached the implementation (a refused message never does). */
    public int calls() {
        return calls.get();
    }

    /** Cases registered or answered so far. */
    public int cases() {
        return byCase.size();
    }

    /** Moves a known case on (APPROVED, DELIVERED, …), as the ministry's own staff would. */
    public void advance(String caseId, CaseProgress progress, List<String> reasons) {
        Registered r = byCase.get(caseId);
        if (r == null) {
            throw new IllegalArgumentException("no case " + caseId);
        }
        r.progress = progress;
        r.reasons = List.copyOf(reasons);
        r.at = now();
    }

    @Override
    public SubmitCaseResponse submitCase(SubmitCaseRequest q) throws ValidationFailed {
        calls.incrementAndGet();
        pause();
        Registered known = q.getCaseId() == null ? null : byCase.get(q.getCaseId());
        if (known != null) {
            return known.acknowledgement;
        }
        validate(q);
        String name = q.getApplicant().getName();
        Acknowledgement result;
        List<String> reasons;
        if (name.contains("补正")) {
            result = Acknowledgement.MORE_MATERIALS_NEEDED;
            reasons = List.of("materials: 请补正申请材料（材料不齐全）");
        } else if (name.contains("驳回")) {
            result = Acknowledgement.REJECTED;
            reasons = List.of("applicant: 申请人不符合办理条件，不予受理");
        } else if (name.contains("容缺")) {
            result = Acknowledgement.ACCEPTED_PENDING_MATERIALS;
            reasons = List.of("materials: 容缺受理，请于承诺时限内补交材料");
        } else {
            result = Acknowledgement.ACCEPTED;
            reasons = List.of();
        }
        OffsetDateTime at = now();
        SubmitCaseResponse a = new SubmitCaseResponse();
        a.setCaseId(q.getCaseId());
        a.setResult(result);
        a.setReasons(RegistrationMapping.reasonsOf(reasons));
        a.setDecidedBy(q.getDecidingAuthority());
        a.setTimestamp(RegistrationMapping.dateTime(at));
        if (result == Acknowledgement.ACCEPTED || result == Acknowledgement.ACCEPTED_PENDING_MATERIALS) {
            a.setRegistrationNumber("REG-" + at.format(DAY) + "-" + String.format("%06d", sequence.incrementAndGet()));
            byNumber.put(a.getRegistrationNumber(), q.getCaseId());
        }
        Registered first = byCase.putIfAbsent(q.getCaseId(),
                new Registered(a, CaseProgress.valueOf(result.name()), reasons, at));
        if (first != null) {
            return first.acknowledgement; // a concurrent repeat won
        }
        LOG.info("SubmitCase {} for {} ({}): {} {}", q.getCaseId(), PersonalData.maskName(name),
                PersonalData.maskIdNumber(q.getApplicant().getIdNumber() != null ? q.getApplicant().getIdNumber()
                        : q.getApplicant().getCreditCode()), result, a.getRegistrationNumber() == null ? "" : a.getRegistrationNumber());
        return a;
    }

    @Override
    public QueryStatusResponse queryStatus(QueryStatusRequest q) throws ValidationFailed {
        calls.incrementAndGet();
        pause();
        String caseId = q.getCaseId() != null ? q.getCaseId()
                : q.getRegistrationNumber() != null ? byNumber.get(q.getRegistrationNumber()) : null;
        if (q.getCaseId() == null && q.getRegistrationNumber() == null) {
            throw fault("INVALID_DATA", false, List.of(violation("caseId", "caseId or registrationNumber is required")));
        }
        Registered r = caseId == null ? null : byCase.get(caseId);
        if (r == null) {
            throw fault(RegistrationClient.UNKNOWN_CASE, false, List.of(violation(
                    q.getCaseId() != null ? "caseId" : "registrationNumber", "no such case")));
        }
        QueryStatusResponse s = new QueryStatusResponse();
        s.setCaseId(caseId);
        s.setRegistrationNumber(r.acknowledgement.getRegistrationNumber());
        s.setStatus(r.progress);
        s.setReasons(RegistrationMapping.reasonsOf(r.reasons));
        s.setDecidedBy(r.acknowledgement.getDecidedBy());
        s.setTimestamp(RegistrationMapping.dateTime(r.at));
        return s;
    }

    private static void validate(SubmitCaseRequest q) throws ValidationFailed {
        List<Violation> missing = new ArrayList<>();
        required(missing, "caseId", q.getCaseId());
        required(missing, "serviceItemCode", q.getServiceItemCode());
        required(missing, "receivingRegion", q.getReceivingRegion());
        required(missing, "decidingAuthority", q.getDecidingAuthority());
        if (q.getHandlingRegion().isEmpty()) {
            missing.add(violation("handlingRegion", "at least one handling region is required"));
        }
        if (q.getApplicant() == null) {
            missing.add(violation("applicant", "required"));
        } else {
            required(missing, "applicant.name", q.getApplicant().getName());
            if (isBlank(q.getApplicant().getIdNumber()) && isBlank(q.getApplicant().getCreditCode())) {
                missing.add(violation("applicant.idNumber", "an ID number or a credit code is required"));
            }
        }
        if (!missing.isEmpty()) {
            throw fault("INVALID_DATA", false, missing);
        }
        if (q.getServiceItemCode().endsWith("9")) {
            throw fault("NOT_COMPETENT", false, List.of(violation("serviceItemCode",
                    "本部门不办理事项 " + q.getServiceItemCode())));
        }
        if (q.getServiceItemCode().endsWith("8")) {
            throw fault("MATERIALS_INCOMPLETE", true, List.of(violation("materials", "缺少身份证明材料")));
        }
        if (q.getMaterials() == null || q.getMaterials().getMaterial().isEmpty()) {
            throw fault("MATERIALS_INCOMPLETE", true, List.of(violation("materials", "至少需要一项申请材料")));
        }
    }

    private static void required(List<Violation> into, String field, String value) {
        if (isBlank(value)) {
            into.add(violation(field, "required"));
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Violation violation(String field, String message) {
        Violation v = new Violation();
        v.setField(field);
        v.setMessage(message);
        return v;
    }

    private static ValidationFailed fault(String code, boolean correctable, List<Violation> violations) {
        ValidationFault f = new ValidationFault();
        f.setCode(code);
        f.setCorrectable(correctable);
        f.getViolation().addAll(violations);
        return new ValidationFailed(code, f);
    }

    private void pause() {
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(RegistrationMapping.CST);
    }
}
