package cn.tongban.hub.adapters.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.adapters.registration.soap.Acknowledgement;
import cn.tongban.hub.adapters.registration.soap.ApplicantType;
import cn.tongban.hub.adapters.registration.soap.CaseProgress;
import cn.tongban.hub.adapters.registration.soap.MaterialKind;
import cn.tongban.hub.adapters.registration.soap.QueryStatusResponse;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseRequest;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseResponse;
import cn.tongban.hub.adapters.registration.soap.ValidationFault;
import cn.tongban.hub.adapters.registration.soap.Violation;
import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;

class RegistrationMappingTest {

    @Test
    void aPersonsCaseWithEveryKindOfMaterialSurvivesTheRoundTrip() {
        CaseSubmission c = Cases.person("CASE-RT-1");
        SubmitCaseRequest r = RegistrationMapping.toRequest(c);
        assertThat(r.getApplicant().getType()).isEqualTo(ApplicantType.PERSON);
        assertThat(r.getApplicant().getIdNumber()).isEqualTo("11010519491231002X");
        assertThat(r.getApplicant().getCreditCode()).isNull();
        assertThat(r.getHandlingRegion()).containsExactly("130000", "110000");
        assertThat(r.getServiceMode()).isEqualTo("remote-intake");
        assertThat(r.getMaterials().getMaterial()).extracting(m -> m.getKind())
                .containsExactly(MaterialKind.LICENCE, MaterialKind.FILE, MaterialKind.COMMITMENT);
        assertThat(r.getSubmittedAt().toXMLFormat()).isEqualTo("2026-11-22T23:40:48.000+08:00");
        assertThat(r.getMaterials().getMaterial().get(2).getVerifyBy().toXMLFormat()).isEqualTo("2026-12-31");
        assertThat(RegistrationMapping.toSubmission(r)).isEqualTo(c);
    }

    @Test
    void anOrganisationsCaseSurvivesTheRoundTrip() {
        CaseSubmission c = Cases.organisation("CASE-RT-2");
        SubmitCaseRequest r = RegistrationMapping.toRequest(c);
        assertThat(r.getApplicant().getType()).isEqualTo(ApplicantType.ORGANISATION);
        assertThat(r.getApplicant().getCreditCode()).isEqualTo("91370100MA3C000000");
        assertThat(RegistrationMapping.toSubmission(r)).isEqualTo(c);
    }

    @Test
    void eachAcknowledgementBecomesItsCaseState() {
        for (Acknowledgement a : Acknowledgement.values()) {
            SubmitCaseResponse r = new SubmitCaseResponse();
            r.setCaseId("C1");
            r.setResult(a);
            r.setReasons(RegistrationMapping.reasonsOf(List.of("r1")));
            r.setDecidedBy("11130000MB0000000X");
            r.setTimestamp(RegistrationMapping.dateTime(OffsetDateTime.parse("2026-11-23T10:00:00+08:00")));
            r.setRegistrationNumber("REG-1");
            RegistrationOutcome o = RegistrationMapping.toOutcome(r);
            assertThat(o.status().state().name()).isEqualTo(a.name());
            assertThat(o.status()).isEqualTo(new CaseStatus("C1", o.status().state(), List.of("r1"), "11130000MB0000000X",
                    OffsetDateTime.parse("2026-11-23T10:00:00+08:00")));
            assertThat(o.registrationNumber()).isEqualTo("REG-1");
        }
    }

    @Test
    void everyProgressMapsBothWays() {
        for (CaseProgress p : CaseProgress.values()) {
            assertThat(RegistrationMapping.toProgress(RegistrationMapping.toState(p))).isEqualTo(p);
        }
        for (CaseState s : CaseState.values()) {
            assertThat(RegistrationMapping.toState(RegistrationMapping.toProgress(s))).isEqualTo(s);
        }
        QueryStatusResponse q = new QueryStatusResponse();
        q.setCaseId("C2");
        q.setStatus(CaseProgress.APPROVED);
        q.setTimestamp(RegistrationMapping.dateTime(OffsetDateTime.parse("2026-11-24T08:00:00Z")));
        CaseStatus s = RegistrationMapping.toStatus(q);
        assertThat(s.state()).isEqualTo(CaseState.APPROVED);
        assertThat(s.reasons()).isEmpty();
        assertThat(s.at()).isEqualTo(OffsetDateTime.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void aTimestampWithoutOffsetIsChinaStandardTime() throws Exception {
        var c = javax.xml.datatype.DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar("2026-11-23T10:00:00");
        assertThat(RegistrationMapping.offsetDateTime(c)).isEqualTo(OffsetDateTime.parse("2026-11-23T10:00:00+08:00"));
    }

    @Test
    void aFaultBecomesRejectedOrMoreMaterialsWithItsReasons() {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T10:00:00+08:00");
        ValidationFault f = new ValidationFault();
        f.setCode("MATERIALS_INCOMPLETE");
        f.setCorrectable(true);
        Violation v = new Violation();
        v.setField("materials");
        v.setMessage("缺少身份证明材料");
        f.getViolation().add(v);
        assertThat(RegistrationMapping.toStatus("C3", f, "AUTH", at)).isEqualTo(new CaseStatus("C3",
                CaseState.MORE_MATERIALS_NEEDED, List.of("materials: 缺少身份证明材料"), "AUTH", at));
        f.setCorrectable(false);
        f.getViolation().clear();
        assertThat(RegistrationMapping.toStatus("C3", f, "AUTH", at))
                .isEqualTo(new CaseStatus("C3", CaseState.REJECTED, List.of("MATERIALS_INCOMPLETE"), "AUTH", at));
    }
}
