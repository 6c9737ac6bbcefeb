package cn.tongban.hub.adapters.registration;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import cn.tongban.hub.adapters.registration.soap.Acknowledgement;
import cn.tongban.hub.adapters.registration.soap.ApplicantType;
import cn.tongban.hub.adapters.registration.soap.CaseProgress;
import cn.tongban.hub.adapters.registration.soap.MaterialKind;
import cn.tongban.hub.adapters.registration.soap.Materials;
import cn.tongban.hub.adapters.registration.soap.QueryStatusResponse;
import cn.tongban.hub.adapters.registration.soap.Reasons;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseRequest;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseResponse;
import cn.tongban.hub.adapters.registration.soap.ValidationFault;
import cn.tongban.hub.adapters.registration.soap.Violation;
import cn.tongban.hub.cases.Applicant;
import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.Material;
import cn.tongban.hub.cases.ServiceMode;

/**
 * Canonical model ↔ the registration system's SOAP types (wsdl/registration.wsdl). A submission maps both
 * ways without loss, so the simulator reads requests with the same code the hub writes them with.
 */
public final class RegistrationMapping {
    /** China Standard Time: the ministry's timestamps carry it when they carry no offset. */
    static final ZoneOffset CST = ZoneOffset.ofHours(8);
    private static final DatatypeFactory XML_TIME = DatatypeFactory.newDefaultInstance();

    private RegistrationMapping() {
    }

    public static SubmitCaseRequest toRequest(CaseSubmission c) {
        SubmitCaseRequest r = new SubmitCaseRequest();
        r.setCaseId(c.caseId());
        r.setServiceItemCode(c.serviceItemCode());
        r.setServiceItemName(c.serviceItemName());
        r.setServiceMode(c.mode() == null ? null : c.mode().code());
        r.setApplicant(toSoap(c.applicant()));
        r.setReceivingRegion(c.receivingRegion());
        if (c.handlingRegions() != null) {
            r.getHandlingRegion().addAll(c.handlingRegions());
        }
        r.setDecidingAuthority(c.decidingAuthority());
        r.setDelivery(c.delivery() == null ? null : c.delivery().code());
        Materials ms = new Materials();
        if (c.materials() != null) {
            c.materials().forEach(m -> ms.getMaterial().add(toSoap(m)));
        }
        r.setMaterials(ms);
        r.setPromisedDays(c.promisedWorkingDays());
        r.setSubmittedAt(dateTime(c.submittedAt()));
        return r;
    }

    /** The canonical submission a request carries (the simulator's reading of it; the round trip's second half). */
    public static CaseSubmission toSubmission(SubmitCaseRequest r) {
        List<Material> materials = new ArrayList<>();
        if (r.getMaterials() != null) {
            r.getMaterials().getMaterial().forEach(m -> materials.add(toCanonical(m)));
        }
        return new CaseSubmission(r.getCaseId(), r.getServiceItemCode(), r.getServiceItemName(),
                mode(r.getServiceMode()), toCanonical(r.getApplicant()), r.getReceivingRegion(),
                List.copyOf(r.getHandlingRegion()), r.getDecidingAuthority(), delivery(r.getDelivery()),
                materials, r.getPromisedDays(), offsetDateTime(r.getSubmittedAt()));
    }

    public static RegistrationOutcome toOutcome(SubmitCaseResponse r) {
        CaseState state = switch (r.getResult()) {
            case ACCEPTED -> CaseState.ACCEPTED;
            case ACCEPTED_PENDING_MATERIALS -> CaseState.ACCEPTED_PENDING_MATERIALS;
            case MORE_MATERIALS_NEEDED -> CaseState.MORE_MATERIALS_NEEDED;
            case REJECTED -> CaseState.REJECTED;
        };
        return new RegistrationOutcome(r.getRegistrationNumber(),
                new CaseStatus(r.getCaseId(), state, reasons(r.getReasons()), r.getDecidedBy(), offsetDateTime(r.getTimestamp())));
    }

    public static CaseStatus toStatus(QueryStatusResponse r) {
        return new CaseStatus(r.getCaseId(), toState(r.getStatus()), reasons(r.getReasons()), r.getDecidedBy(),
                offsetDateTime(r.getTimestamp()));
    }

    /**
     * A validation fault is the system's decision on the data: correctable → 补正 (MORE_MATERIALS_NEEDED),
     * otherwise 不予受理 (REJECTED), with one reason per violation.
     */
    public static CaseStatus toStatus(String caseId, ValidationFault f, String decidedBy, OffsetDateTime at) {
        List<String> reasons = new ArrayList<>();
        for (Violation v : f.getViolation()) {
            reasons.add(v.getField() + ": " + v.getMessage());
        }
        if (reasons.isEmpty()) {
            reasons.add(f.getCode());
        }
        return new CaseStatus(caseId, f.isCorrectable() ? CaseState.MORE_MATERIALS_NEEDED : CaseState.REJECTED,
                List.copyOf(reasons), decidedBy, at);
    }

    public static CaseState toState(CaseProgress p) {
        return CaseState.valueOf(p.name());
    }

    public static CaseProgress toProgress(CaseState s) {
        return CaseProgress.valueOf(s.name());
    }

    public static Acknowledgement toAcknowledgement(CaseState s) {
        return Acknowledgement.valueOf(s.name());
    }

    public static Reasons reasonsOf(List<String> reasons) {
        Reasons r = new Reasons();
        r.getReason().addAll(reasons);
        return r;
    }

    public static XMLGregorianCalendar dateTime(OffsetDateTime t) {
        return t == null ? null : XML_TIME.newXMLGregorianCalendar(java.util.GregorianCalendar.from(t.toZonedDateTime()));
    }

    public static OffsetDateTime offsetDateTime(XMLGregorianCalendar c) {
        if (c == null) {
            return null;
        }
        if (c.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            c = (XMLGregorianCalendar) c.clone();
            c.setTimezone(CST.getTotalSeconds() / 60);
        }
        return c.toGregorianCalendar().toZonedDateTime().toOffsetDateTime();
    }

    private static cn.tongban.hub.adapters.registration.soap.Applicant toSoap(Applicant a) {
        if (a == null) {
            return null;
        }
        cn.tongban.hub.adapters.registration.soap.Applicant s = new cn.tongban.hub.adapters.registration.soap.Applicant();
        s.setName(a.name());
        if (a instanceof Applicant.Person p) {
            s.setType(ApplicantType.PERSON);
            s.setIdNumber(p.idNumber());
        } else if (a instanceof Applicant.Organisation o) {
            s.setType(ApplicantType.ORGANISATION);
            s.setCreditCode(o.creditCode());
        }
        return s;
    }

    private static Applicant toCanonical(cn.tongban.hub.adapters.registration.soap.Applicant s) {
        if (s == null || s.getType() == null) {
            return null;
        }
        return switch (s.getType()) {
            case PERSON -> new Applicant.Person(s.getName(), s.getIdNumber());
            case ORGANISATION -> new Applicant.Organisation(s.getName(), s.getCreditCode());
        };
    }

    private static cn.tongban.hub.adapters.registration.soap.Material toSoap(Material m) {
        cn.tongban.hub.adapters.registration.soap.Material s = new cn.tongban.hub.adapters.registration.soap.Material();
        s.setTitle(m.title());
        if (m instanceof Material.Licence l) {
            s.setKind(MaterialKind.LICENCE);
            s.setLicenceId(l.licenceId());
            s.setHolderCode(l.holderCode());
        } else if (m instanceof Material.File f) {
            s.setKind(MaterialKind.FILE);
            s.setFileName(f.fileName());
            s.setMediaType(f.mediaType());
            s.setSize(f.size());
            s.setSm3(f.sm3());
        } else if (m instanceof Material.Commitment c) {
            s.setKind(MaterialKind.COMMITMENT);
            s.setStatement(c.statement());
            s.setVerifyBy(c.verifyBy() == null ? null
                    : XML_TIME.newXMLGregorianCalendarDate(c.verifyBy().getYear(), c.verifyBy().getMonthValue(),
                    c.verifyBy().getDayOfMonth(), DatatypeConstants.FIELD_UNDEFINED));
        }
        return s;
    }

    private static Material toCanonical(cn.tongban.hub.adapters.registration.soap.Material s) {
        return switch (s.getKind()) {
            case LICENCE -> new Material.Licence(s.getTitle(), s.getLicenceId(), s.getHolderCode());
            case FILE -> new Material.File(s.getTitle(), s.getFileName(), s.getMediaType(),
                    s.getSize() == null ? 0 : s.getSize(), s.getSm3());
            case COMMITMENT -> new Material.Commitment(s.getTitle(), s.getStatement(), s.getVerifyBy() == null ? null
                    : LocalDate.of(s.getVerifyBy().getYear(), s.getVerifyBy().getMonth(), s.getVerifyBy().getDay()));
        };
    }

    private static List<String> reasons(Reasons r) {
        return r == null ? List.of() : List.copyOf(r.getReason());
    }

    private static ServiceMode mode(String code) {
        for (ServiceMode m : ServiceMode.values()) {
            if (m.code().equals(code)) {
                return m;
            }
        }
        return null;
    }

    private static DeliveryMethod delivery(String code) {
        for (DeliveryMethod d : DeliveryMethod.values()) {
            if (d.code().equals(code)) {
                return d;
            }
        }
        return null;
    }
}
