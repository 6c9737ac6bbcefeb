package cn.tongban.hub.cases;

import static cn.tongban.hub.cases.Samples.VALIDATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.cases.Violation.Severity;

class CaseValidatorTest {
    static final OffsetDateTime AT = OffsetDateTime.parse("2025-05-24T10:00:00+08:00");

    @Test
    void theSamplesAreValid() {
        assertThat(VALIDATOR.validate(Samples.submission())).isEmpty();
        assertThat(VALIDATOR.validate(Samples.organisationSubmission())).isEmpty();
        assertThat(VALIDATOR.validate(Samples.status())).isEmpty();
        assertThat(VALIDATOR.validate(Samples.evaluation())).isEmpty();
        assertThat(VALIDATOR.validate(Samples.request())).isEmpty();
        assertThat(VALIDATOR.validate(Samples.result())).isEmpty();
    }

    @Test
    void everyMissingFieldIsListed() {
        var s = new CaseSubmission(null, null, null, null, null, null, null, null, null, null, 0, null);
        assertThat(VALIDATOR.validate(s)).extracting(Violation::field, Violation::severity).containsExactly(
                tuple("/caseId", Severity.ERROR), tuple("/serviceItemCode", Severity.ERROR),
                tuple("/serviceItemName", Severity.ERROR), tuple("/mode", Severity.ERROR),
                tuple("/applicant", Severity.ERROR), tuple("/receivingRegion", Severity.ERROR),
                tuple("/handlingRegions", Severity.ERROR), tuple("/decidingAuthority", Severity.ERROR),
                tuple("/delivery", Severity.ERROR), tuple("/materials", Severity.ERROR),
                tuple("/promisedWorkingDays", Severity.ERROR), tuple("/submittedAt", Severity.ERROR));
        assertThat(VALIDATOR.validate((CaseSubmission) null)).extracting(Violation::field).containsExactly("");
    }

    /** Many defects at once: each is listed with its path, none hides another. */
    @Test
    void everyViolationIsListedWithItsPath() {
        var b = Samples.sub();
        b.caseId = "x".repeat(65);
        b.serviceItemCode = "11370800MB28559184337011700201";
        b.serviceItemName = " \u3000";
        b.applicant = new Applicant.Person("", "11010519491231003X");
        b.receivingRegion = "371200";
        b.handlingRegions = Arrays.asList("370800", "37080", null, "370800", "999900");
        b.decidingAuthority = "11370300MB28579060";
        b.materials = Arrays.asList(
                new Material.Licence("证", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G", "12345"),
                null,
                new Material.File("", "a.pdf", "pdf", -1, Samples.SM3_ABC.toUpperCase()),
                new Material.Commitment("承诺", "  ", null),
                new Material.File("表", null, null, 0, null));
        b.promisedWorkingDays = 366;
        b.submittedAt = null;
        List<Violation> v = VALIDATOR.validate(b.build());
        assertThat(v).extracting(Violation::field, Violation::severity).containsExactly(
                tuple("/caseId", Severity.ERROR),
                tuple("/serviceItemCode", Severity.WARNING),
                tuple("/serviceItemName", Severity.ERROR),
                tuple("/applicant/name", Severity.ERROR),
                tuple("/applicant/idNumber", Severity.ERROR),
                tuple("/receivingRegion", Severity.ERROR),
                tuple("/handlingRegions/1", Severity.ERROR),
                tuple("/handlingRegions/2", Severity.ERROR),
                tuple("/handlingRegions/3", Severity.ERROR),
                tuple("/handlingRegions/4", Severity.ERROR),
                tuple("/decidingAuthority", Severity.ERROR),
                tuple("/materials/0/licenceId", Severity.ERROR),
                tuple("/materials/0/holderCode", Severity.ERROR),
                tuple("/materials/1", Severity.ERROR),
                tuple("/materials/2/title", Severity.ERROR),
                tuple("/materials/2/mediaType", Severity.ERROR),
                tuple("/materials/2/size", Severity.ERROR),
                tuple("/materials/2/sm3", Severity.ERROR),
                tuple("/materials/3/statement", Severity.ERROR),
                tuple("/materials/3/verifyBy", Severity.ERROR),
                tuple("/materials/4/fileName", Severity.ERROR),
                tuple("/materials/4/mediaType", Severity.ERROR),
                tuple("/materials/4/sm3", Severity.ERROR),
                tuple("/promisedWorkingDays", Severity.ERROR),
                tuple("/submittedAt", Severity.ERROR));
        assertThat(messageOf(v, "/receivingRegion")).contains("no longer in force");
        assertThat(messageOf(v, "/handlingRegions/3")).contains("twice");
        assertThat(messageOf(v, "/handlingRegions/4")).contains("unknown");
        assertThat(messageOf(v, "/applicant/idNumber")).contains("check character");
    }

    @Test
    void caseIdIsNonBlankAndAtMost64Characters() {
        assertThat(fieldsOf(withCaseId("x".repeat(64)))).isEmpty();
        assertThat(fieldsOf(withCaseId("案".repeat(64)))).isEmpty();
        assertThat(fieldsOf(withCaseId("x".repeat(65)))).containsExactly("/caseId");
        assertThat(fieldsOf(withCaseId(""))).containsExactly("/caseId");
        assertThat(fieldsOf(withCaseId(" \t"))).containsExactly("/caseId");
        assertThat(fieldsOf(withCaseId("\u3000"))).containsExactly("/caseId");
    }

    @Test
    void aServiceItemCodeOfAnotherFormOnlyWarns() {
        var b = Samples.sub();
        b.serviceItemCode = "440000-0117051000";
        List<Violation> v = VALIDATOR.validate(b.build());
        assertThat(v).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("/serviceItemCode");
            assertThat(w.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(Violation.anyError(v)).isFalse();
        b.serviceItemCode = " ";
        assertThat(VALIDATOR.validate(b.build())).singleElement().extracting(Violation::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void remoteIntakeSeparatesReceivingFromHandling() {
        var b = Samples.sub();
        b.receivingRegion = "370800";
        assertThat(VALIDATOR.validate(b.build())).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("/receivingRegion");
            assertThat(v.severity()).isEqualTo(Severity.ERROR);
            assertThat(v.message()).contains("收受分离");
        });
        b.handlingRegions = List.of("370300", "370800");
        assertThat(fieldsOf(b.build())).containsExactly("/receivingRegion");
        // a county window inside the handling city: allowed, but suspicious
        b.handlingRegions = List.of("370700");
        b.receivingRegion = "370725";
        assertThat(VALIDATOR.validate(b.build())).singleElement().extracting(Violation::severity).isEqualTo(Severity.WARNING);
        // the same region is fine when the case is not a remote intake
        b.receivingRegion = "370700";
        b.mode = ServiceMode.FULLY_ONLINE;
        assertThat(VALIDATOR.validate(b.build())).isEmpty();
    }

    @Test
    void jointHandlingInOnePlaceWarns() {
        var b = new Samples.Sub(Samples.organisationSubmission());
        b.receivingRegion = "371300";
        b.handlingRegions = List.of("371300");
        assertThat(VALIDATOR.validate(b.build())).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("/handlingRegions");
            assertThat(v.severity()).isEqualTo(Severity.WARNING);
        });
        b.handlingRegions = List.of();
        assertThat(VALIDATOR.validate(b.build())).extracting(Violation::field, Violation::severity)
                .containsExactly(tuple("/handlingRegions", Severity.ERROR));
    }

    @Test
    void regionsMustBeCurrentOnTheDayOfChecking() {
        var b = Samples.sub();
        b.handlingRegions = List.of("371200");
        assertThat(fieldsOf(b.build())).containsExactly("/handlingRegions/0");
        var before = new CaseValidator(Samples.clockOn(LocalDate.of(2018, 12, 31)), Set.of());
        assertThat(before.validate(b.build())).isEmpty();
    }

    @Test
    void promisedWorkingDaysFrom1To365() {
        var b = Samples.sub();
        for (int ok : new int[]{1, 365}) {
            b.promisedWorkingDays = ok;
            assertThat(VALIDATOR.validate(b.build())).isEmpty();
        }
        for (int bad : new int[]{0, -1, 366}) {
            b.promisedWorkingDays = bad;
            assertThat(fieldsOf(b.build())).containsExactly("/promisedWorkingDays");
        }
    }

    @Test
    void organisationApplicantNeedsAValidCreditCode() {
        var b = Samples.sub();
        b.applicant = new Applicant.Organisation("某公司", "91350200776049653B");
        assertThat(fieldsOf(b.build())).containsExactly("/applicant/creditCode");
        b.applicant = new Applicant.Organisation(null, null);
        assertThat(fieldsOf(b.build())).containsExactly("/applicant/name", "/applicant/creditCode");
    }

    @Test
    void personApplicantNeedsAPastBirthDate() {
        var b = Samples.sub();
        String born = ResidentIdNumberTest.withCheck("11010520250602002");
        b.applicant = new Applicant.Person(Samples.NAME, born);
        assertThat(VALIDATOR.validate(b.build())).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("/applicant/idNumber");
            assertThat(v.message()).contains("future").doesNotContain(born);
        });
        var later = new CaseValidator(Samples.clockOn(LocalDate.of(2025, 6, 2)), Set.of());
        assertThat(later.validate(b.build())).isEmpty();
    }

    @Test
    void licenceHolderIsACreditCodeOrAnIdNumber() {
        var b = Samples.sub();
        for (String holder : List.of(Samples.ID, "91350200776049653A", "440524188001010014")) {
            b.materials = List.of(new Material.Licence("证", Samples.LICENCE, holder));
            assertThat(VALIDATOR.validate(b.build())).as(holder).isEmpty();
        }
        for (String holder : List.of("11010519491231002Y", "91350200776049653B", "", "x")) {
            b.materials = List.of(new Material.Licence("证", Samples.LICENCE, holder));
            assertThat(fieldsOf(b.build())).as(holder).containsExactly("/materials/0/holderCode");
        }
    }

    @Test
    void licenceWithAnUnusualSerialWarns() {
        var b = Samples.sub();
        String shortSerial = LicenceIdTest.withCheck("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430.001.");
        b.materials = List.of(new Material.Licence("证", shortSerial, Samples.ID));
        assertThat(VALIDATOR.validate(b.build())).extracting(Violation::field, Violation::severity)
                .containsExactly(tuple("/materials/0/licenceId", Severity.WARNING));
    }

    @Test
    void filesNeedMediaTypeSizeAndSm3() {
        var b = Samples.sub();
        for (String type : List.of("application/pdf", "image/jpeg", "application/vnd.ms-excel", "text/plain; charset=utf-8",
                "application/ofd")) {
            b.materials = List.of(new Material.File("表", "a", type, 0, Samples.SM3_ABC));
            assertThat(VALIDATOR.validate(b.build())).as(type).isEmpty();
        }
        for (String type : List.of("", "pdf", "application/", "/pdf", "application/pdf;", "a b/c")) {
            b.materials = List.of(new Material.File("表", "a", type, 0, Samples.SM3_ABC));
            assertThat(fieldsOf(b.build())).as(type).containsExactly("/materials/0/mediaType");
        }
        for (String sm3 : List.of(Samples.SM3_ABC.substring(1), Samples.SM3_ABC + "0", Samples.SM3_ABC.replace('c', 'g'), "")) {
            b.materials = List.of(new Material.File("表", "a", "application/pdf", 0, sm3));
            assertThat(fieldsOf(b.build())).as(sm3).containsExactly("/materials/0/sm3");
        }
    }

    @Test
    void creditCodeAllowListReachesEveryCreditCodeField() {
        var allow = new CaseValidator(Samples.CLOCK, Set.of("11370300MB28579060"));
        var b = Samples.sub();
        b.decidingAuthority = "11370300MB28579060";
        b.serviceItemCode = "11370300MB28579060" + "3370117002011";
        b.materials = List.of(new Material.Licence("证", Samples.LICENCE, "11370300MB28579060"));
        assertThat(VALIDATOR.validate(b.build())).extracting(Violation::field, Violation::severity).containsExactly(
                tuple("/serviceItemCode", Severity.WARNING), tuple("/decidingAuthority", Severity.ERROR),
                tuple("/materials/0/holderCode", Severity.ERROR));
        assertThat(allow.validate(b.build())).isEmpty();
        assertThatThrownBy(() -> new CaseValidator(Samples.CLOCK, Set.of("not a code")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectionAndMoreMaterialsNeedReasons() {
        for (CaseState state : List.of(CaseState.REJECTED, CaseState.MORE_MATERIALS_NEEDED)) {
            assertThat(statusFields(new CaseStatus("c1", state, null, Samples.AUTHORITY, AT))).as(state.code())
                    .containsExactly("/reasons");
            assertThat(statusFields(new CaseStatus("c1", state, List.of(), Samples.AUTHORITY, AT))).containsExactly("/reasons");
            assertThat(statusFields(new CaseStatus("c1", state, List.of("材料不全"), Samples.AUTHORITY, AT))).isEmpty();
        }
        for (CaseState state : List.of(CaseState.RECEIVED, CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING_MATERIALS,
                CaseState.APPROVED, CaseState.DELIVERED)) {
            assertThat(statusFields(new CaseStatus("c1", state, null, Samples.AUTHORITY, AT))).as(state.code()).isEmpty();
        }
        assertThat(statusFields(new CaseStatus("c1", CaseState.REJECTED, Arrays.asList("不符合条件", " ", null),
                Samples.AUTHORITY, AT))).containsExactly("/reasons/1", "/reasons/2");
    }

    @Test
    void statusFieldsAreRequiredAndDecidedByIsExpectedToBeACreditCode() {
        assertThat(statusFields(new CaseStatus(null, null, null, null, null)))
                .containsExactly("/caseId", "/state", "/decidedBy", "/at");
        assertThat(VALIDATOR.validate(new CaseStatus("c1", CaseState.ACCEPTED, null, "某市行政审批服务局", AT)))
                .extracting(Violation::field, Violation::severity).containsExactly(tuple("/decidedBy", Severity.WARNING));
    }

    @Test
    void nothingFollowsAFinalState() {
        var next = new CaseStatus("c1", CaseState.APPROVED, null, Samples.AUTHORITY, AT);
        assertThat(VALIDATOR.validate(CaseState.ACCEPTED, next)).isEmpty();
        assertThat(VALIDATOR.validate(CaseState.REJECTED, next)).extracting(Violation::field).containsExactly("/state");
        assertThat(VALIDATOR.validate(CaseState.DELIVERED, next)).extracting(Violation::field).containsExactly("/state");
    }

    @Test
    void ratingFrom1To5() {
        for (int ok : new int[]{1, 5}) {
            assertThat(VALIDATOR.validate(new ServiceEvaluation("c1", ok, null, AT))).isEmpty();
        }
        for (int bad : new int[]{0, 6, -5}) {
            assertThat(VALIDATOR.validate(new ServiceEvaluation("c1", bad, "差", AT))).extracting(Violation::field)
                    .containsExactly("/rating");
        }
        assertThat(VALIDATOR.validate(new ServiceEvaluation(" ", 0, null, null))).extracting(Violation::field)
                .containsExactly("/caseId", "/rating", "/at");
    }

    @Test
    void licenceCheckRequestAndResult() {
        assertThat(VALIDATOR.validate(new LicenceCheck.Request("1.2.156", "x", "", null))).extracting(Violation::field)
                .containsExactly("/licenceId", "/holderCode", "/caseId", "/purpose");
        assertThat(VALIDATOR.validate(new LicenceCheck.Request(null, null, null, "p"))).extracting(Violation::field)
                .containsExactly("/licenceId", "/holderCode", "/caseId");
        assertThat(VALIDATOR.validate(new LicenceCheck.Result(Samples.LICENCE, true, null, null, false, null, AT)))
                .extracting(Violation::field).containsExactly("/signatureVerified");
        assertThat(VALIDATOR.validate(new LicenceCheck.Result(Samples.LICENCE, false, "revoked", "已注销", false, null, AT)))
                .isEmpty();
    }

    @Test
    void messagesNeverCarryTheIdNumberOrName() {
        var b = Samples.sub();
        String bad = "11010519491231003X";
        b.applicant = new Applicant.Person(Samples.NAME, bad);
        b.materials = List.of(new Material.Licence("证", Samples.LICENCE, bad));
        List<Violation> v = VALIDATOR.validate(b.build());
        assertThat(v).hasSize(2);
        assertThat(v.toString()).doesNotContain(bad).doesNotContain("1949").doesNotContain(Samples.NAME);
    }

    static CaseSubmission withCaseId(String id) {
        var b = Samples.sub();
        b.caseId = id;
        return b.build();
    }

    static List<String> fieldsOf(CaseSubmission s) {
        return errors(VALIDATOR.validate(s));
    }

    static List<String> statusFields(CaseStatus s) {
        return errors(VALIDATOR.validate(s));
    }

    static List<String> errors(List<Violation> v) {
        List<String> out = new ArrayList<>();
        v.stream().filter(Violation::isError).forEach(x -> out.add(x.field()));
        return out;
    }

    static String messageOf(List<Violation> v, String field) {
        return v.stream().filter(x -> x.field().equals(field)).findFirst().orElseThrow().message();
    }
}
