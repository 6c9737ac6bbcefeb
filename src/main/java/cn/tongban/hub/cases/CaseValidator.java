package cn.tongban.hub.cases;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the canonical model. Each {@code validate} lists every violated field with its JSON pointer,
 * never stopping at the first; an empty list means valid. {@link Violation.Severity#WARNING}s do not refuse.
 * Personal data never appears in a message.
 */
public final class CaseValidator {
    static final int CASE_ID_MAX = 64;
    static final int DAYS_MIN = 1;
    static final int DAYS_MAX = 365;
    static final int RATING_MIN = 1;
    static final int RATING_MAX = 5;
    /** A character other than white space as ECMAScript's \s knows it (so the schemas' "pattern" agrees). */
    static final Pattern NOT_BLANK = Pattern.compile(
            "[^\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]");
    static final Pattern SM3_HEX = Pattern.compile("[0-9a-f]{64}");
    /** RFC 6838 type/subtype with optional parameters. */
    static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
            + "( *; *[A-Za-z0-9!#$&^_.+-]+=(\"[^\"]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

    private final Clock clock;
    private final Set<String> creditCodeAllowList;

    /** System clock in China time, no credit-code allow-list. */
    public CaseValidator() {
        this(Clock.system(ResidentIdNumber.CHINA), Set.of());
    }

    /**
     * @param clock               today's date (in the clock's zone) decides which division codes are current and
     *                            which birth dates lie in the future
     * @param creditCodeAllowList credit codes in real use that fail a check, accepted wherever a credit code is
     */
    public CaseValidator(Clock clock, Set<String> creditCodeAllowList) {
        this.clock = clock;
        this.creditCodeAllowList = CreditCode.checkAllowList(creditCodeAllowList);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    public List<Violation> validate(CaseSubmission s) {
        List<Violation> out = new ArrayList<>();
        if (s == null) {
            out.add(Violation.error("", "missing case submission"));
            return out;
        }
        caseId(s.caseId(), "/caseId", out);
        if (s.serviceItemCode() == null) {
            out.add(Violation.error("/serviceItemCode", "required"));
        } else {
            String p = ServiceItemCode.problem(s.serviceItemCode(), creditCodeAllowList);
            if (p != null) {
                // GB/T 39554.1 form is inferred (shared/DOMAIN.md): warn, the catalogue decides
                out.add(Violation.warning("/serviceItemCode", p));
            }
        }
        text(s.serviceItemName(), "/serviceItemName", out);
        required(s.mode(), "/mode", out);
        applicant(s.applicant(), out);
        region(s.receivingRegion(), "/receivingRegion", out);
        handlingRegions(s, out);
        creditCode(s.decidingAuthority(), "/decidingAuthority", out);
        required(s.delivery(), "/delivery", out);
        if (s.materials() == null) {
            out.add(Violation.error("/materials", "required"));
        } else {
            for (int i = 0; i < s.materials().size(); i++) {
                material(s.materials().get(i), "/materials/" + i, out);
            }
        }
        if (s.promisedWorkingDays() < DAYS_MIN || s.promisedWorkingDays() > DAYS_MAX) {
            out.add(Violation.error("/promisedWorkingDays", "the promised time limit (承诺时限) is " + DAYS_MIN + " to " + DAYS_MAX
                    + " working days, not " + s.promisedWorkingDays()));
        }
        required(s.submittedAt(), "/submittedAt", out);
        return out;
    }

    public List<Violation> validate(CaseStatus s) {
        List<Violation> out = new ArrayList<>();
        if (s == null) {
            out.add(Violation.error("", "missing case status"));
            return out;
        }
        caseId(s.caseId(), "/caseId", out);
        required(s.state(), "/state", out);
        boolean needsReasons = s.state() == CaseState.REJECTED || s.state() == CaseState.MORE_MATERIALS_NEEDED;
        if (s.reasons() == null || s.reasons().isEmpty()) {
            if (needsReasons) {
                out.add(Violation.error("/reasons", "a case " + s.state().code() + " needs its reasons"));
            }
        } else {
            for (int i = 0; i < s.reasons().size(); i++) {
                text(s.reasons().get(i), "/reasons/" + i, out);
            }
        }
        if (text(s.decidedBy(), "/decidedBy", out) && !CreditCode.isValid(s.decidedBy(), creditCodeAllowList)) {
            // the model does not say what decidedBy holds; the authority's credit code is expected
            out.add(Violation.warning("/decidedBy", "expected the deciding body's unified social credit code"));
        }
        required(s.at(), "/at", out);
        return out;
    }

    /** {@link #validate(CaseStatus)} of {@code next}, and that a case already rejected or delivered does not move on. */
    public List<Violation> validate(CaseState previous, CaseStatus next) {
        List<Violation> out = validate(next);
        if (previous != null && previous.isFinal() && next != null) {
            out.add(Violation.error("/state", "the case is already " + previous.code() + ": no further state"));
        }
        return out;
    }

    public List<Violation> validate(ServiceEvaluation e) {
        List<Violation> out = new ArrayList<>();
        if (e == null) {
            out.add(Violation.error("", "missing service evaluation"));
            return out;
        }
        caseId(e.caseId(), "/caseId", out);
        if (e.rating() < RATING_MIN || e.rating() > RATING_MAX) {
            out.add(Violation.error("/rating", "a rating is " + RATING_MIN + " (very poor) to " + RATING_MAX + " (very good)"));
        }
        required(e.at(), "/at", out);
        return out;
    }

    public List<Violation> validate(LicenceCheck.Request r) {
        List<Violation> out = new ArrayList<>();
        if (r == null) {
            out.add(Violation.error("", "missing licence check request"));
            return out;
        }
        licenceId(r.licenceId(), "/licenceId", out);
        holderCode(r.holderCode(), "/holderCode", out);
        caseId(r.caseId(), "/caseId", out);
        text(r.purpose(), "/purpose", out);
        return out;
    }

    public List<Violation> validate(LicenceCheck.Result r) {
        List<Violation> out = new ArrayList<>();
        if (r == null) {
            out.add(Violation.error("", "missing licence check result"));
            return out;
        }
        licenceId(r.licenceId(), "/licenceId", out);
        if (r.valid() && !r.signatureVerified()) {
            out.add(Violation.error("/signatureVerified", "a licence is valid only with its signature verified"));
        }
        required(r.checkedAt(), "/checkedAt", out);
        return out;
    }

    private void applicant(Applicant a, List<Violation> out) {
        if (a == null) {
            out.add(Violation.error("/applicant", "required"));
            return;
        }
        text(a.name(), "/applicant/name", out);
        if (a instanceof Applicant.Person p) {
            if (p.idNumber() == null) {
                out.add(Violation.error("/applicant/idNumber", "required"));
            } else {
                String problem = ResidentIdNumber.problem(p.idNumber(), today());
                if (problem != null) {
                    out.add(Violation.error("/applicant/idNumber", problem));
                }
            }
        } else if (a instanceof Applicant.Organisation o) {
            creditCode(o.creditCode(), "/applicant/creditCode", out);
        }
    }

    private void handlingRegions(CaseSubmission s, List<Violation> out) {
        List<String> regions = s.handlingRegions();
        if (regions == null) {
            out.add(Violation.error("/handlingRegions", "required"));
            return;
        }
        if (regions.isEmpty()) {
            out.add(Violation.error("/handlingRegions", "at least one handling region"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < regions.size(); i++) {
            String path = "/handlingRegions/" + i;
            if (region(regions.get(i), path, out) && !seen.add(regions.get(i))) {
                out.add(Violation.error(path, "handling region named twice"));
            }
        }
        String receiving = s.receivingRegion();
        if (s.mode() == ServiceMode.REMOTE_INTAKE && receiving != null) {
            if (regions.contains(receiving)) {
                out.add(Violation.error("/receivingRegion",
                        "remote intake (收受分离): the receiving region must differ from the handling regions"));
            } else if (regions.stream().anyMatch(h -> DivisionCode.contains(h, receiving) || DivisionCode.contains(receiving, h))) {
                out.add(Violation.warning("/receivingRegion",
                        "remote intake: the receiving region lies within a handling region or contains one"));
            }
        }
        if (s.mode() == ServiceMode.JOINT_HANDLING) {
            Set<String> places = new HashSet<>(regions);
            if (receiving != null) {
                places.add(receiving);
            }
            if (places.size() < 2) {
                out.add(Violation.warning("/handlingRegions", "joint handling (多地联办) in a single region"));
            }
        }
    }

    private void material(Material m, String path, List<Violation> out) {
        if (m == null) {
            out.add(Violation.error(path, "required"));
            return;
        }
        text(m.title(), path + "/title", out);
        if (m instanceof Material.Licence l) {
            licenceId(l.licenceId(), path + "/licenceId", out);
            holderCode(l.holderCode(), path + "/holderCode", out);
        } else if (m instanceof Material.File f) {
            text(f.fileName(), path + "/fileName", out);
            if (f.mediaType() == null) {
                out.add(Violation.error(path + "/mediaType", "required"));
            } else if (!MEDIA_TYPE.matcher(f.mediaType()).matches()) {
                out.add(Violation.error(path + "/mediaType", "not a media type (type/subtype)"));
            }
            if (f.size() < 0) {
                out.add(Violation.error(path + "/size", "a size is not negative"));
            }
            if (f.sm3() == null) {
                out.add(Violation.error(path + "/sm3", "required"));
            } else if (!SM3_HEX.matcher(f.sm3()).matches()) {
                out.add(Violation.error(path + "/sm3", "an SM3 hash is 64 lower-case hex digits"));
            }
        } else if (m instanceof Material.Commitment c) {
            text(c.statement(), path + "/statement", out);
            required(c.verifyBy(), path + "/verifyBy", out);
        }
    }

    private void caseId(String id, String path, List<Violation> out) {
        if (text(id, path, out) && id.codePointCount(0, id.length()) > CASE_ID_MAX) {
            out.add(Violation.error(path, "a case id has at most " + CASE_ID_MAX + " characters"));
        }
    }

    /** Whether {@code code} is a current division code; a violation otherwise. */
    private boolean region(String code, String path, List<Violation> out) {
        if (code == null) {
            out.add(Violation.error(path, "required"));
            return false;
        }
        String p = DivisionCode.problem(code);
        if (p != null) {
            out.add(Violation.error(path, p));
            return false;
        }
        if (!DivisionCode.isCurrent(code, today())) {
            out.add(Violation.error(path, DivisionCode.isKnown(code)
                    ? "division code no longer in force" : "unknown division code"));
            return false;
        }
        return true;
    }

    private void creditCode(String code, String path, List<Violation> out) {
        if (code == null) {
            out.add(Violation.error(path, "required"));
            return;
        }
        String p = CreditCode.problem(code, creditCodeAllowList);
        if (p != null) {
            out.add(Violation.error(path, p));
        }
    }

    private void licenceId(String id, String path, List<Violation> out) {
        if (id == null) {
            out.add(Violation.error(path, "required"));
            return;
        }
        String p = LicenceId.problem(id);
        if (p != null) {
            out.add(Violation.error(path, p));
            return;
        }
        String w = LicenceId.warning(id, creditCodeAllowList);
        if (w != null) {
            out.add(Violation.warning(path, w));
        }
    }

    /** A licence holder: an organisation's credit code or a person's identity number. */
    private void holderCode(String code, String path, List<Violation> out) {
        if (code == null) {
            out.add(Violation.error(path, "required"));
        } else if (!CreditCode.isValid(code, creditCodeAllowList) && ResidentIdNumber.problem(code, today()) != null) {
            out.add(Violation.error(path, "neither a valid unified social credit code nor a valid resident identity number"));
        }
    }

    /** Whether {@code s} is present and not blank; a violation otherwise. */
    private static boolean text(String s, String path, List<Violation> out) {
        if (s == null) {
            out.add(Violation.error(path, "required"));
            return false;
        }
        if (!NOT_BLANK.matcher(s).find()) {
            out.add(Violation.error(path, "must not be blank"));
            return false;
        }
        return true;
    }

    private static void required(Object o, String path, List<Violation> out) {
        if (o == null) {
            out.add(Violation.error(path, "required"));
        }
    }
}
