package cn.tongban.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Personal data never appears whole in a toString (logs): shared/DOMAIN.md, "never log it unmasked". */
class PersonalDataTest {
    static final String NAME = "欧阳娜娜";
    static final String ID = "11010519491231002X";

    @Test
    void submissionToStringMasksThePersonEverywhere() {
        var b = Samples.sub();
        b.applicant = new Applicant.Person(NAME, ID);
        b.materials = List.of(
                new Material.Licence("房屋所有权证", Samples.LICENCE, ID),
                new Material.File("身份证复印件", NAME + "-" + ID + ".pdf", "application/pdf", 3, Samples.SM3_ABC),
                new Material.Commitment("住房情况承诺", "本人" + NAME + "（身份证号" + ID + "）承诺无其他住房。", LocalDate.of(2025, 8, 31)));
        String s = b.build().toString();
        assertThat(s).doesNotContain(ID).doesNotContain("19491231").doesNotContain(NAME).doesNotContain("阳娜");
        assertThat(s).contains("Person[欧***, 110105********002X]").contains("holder 110105********002X")
                .contains("caseId=CZ-2025-000123").contains("mode=REMOTE_INTAKE")
                .contains("File[身份证复印件, application/pdf, 3 bytes").contains("Commitment[住房情况承诺, verify by 2025-08-31]");
    }

    @Test
    void otherRecordsMaskToo() {
        String request = new LicenceCheck.Request(Samples.LICENCE, ID, "c1", "核验").toString();
        assertThat(request).doesNotContain(ID).contains("110105********002X");
        String evaluation = new ServiceEvaluation("c1", 5, NAME + "办事很快", Samples.status().at()).toString();
        assertThat(evaluation).doesNotContain(NAME).contains("rating=5").contains("comment=8 characters");
        assertThat(new ServiceEvaluation("c1", 5, null, null).toString()).contains("comment=none");
    }

    @Test
    void violationsFromReadingDoNotQuoteTheDocument() {
        var json = CaseJsonTest.submission(o -> {
            CaseJsonTest.applicant(o).put("idNumber", "11010519491231003X");
            CaseJsonTest.applicant(o).put("name", 42);
        });
        var r = Samples.JSON.readSubmission(json);
        assertThat(r.violations()).hasSize(2);
        assertThat(r.toString()).doesNotContain("11010519491231003X").doesNotContain("19491231");
    }

    @Test
    void masking() {
        assertThat(PersonalData.maskIdNumber(ID)).isEqualTo("110105********002X");
        assertThat(PersonalData.maskName("张三")).isEqualTo("张*");
        assertThat(PersonalData.maskName(NAME)).isEqualTo("欧***");
        assertThat(PersonalData.maskIdNumber("123")).isEqualTo("***");
        assertThat(PersonalData.maskIdNumber(null)).isNull();
    }

    /** The logs' safety net: ID-shaped text masked wherever it is, a longer run of digits left alone. */
    @Test
    void idNumbersInFreeTextAreMasked() {
        assertThat(PersonalData.maskIdNumbersIn("holder=" + ID + ", other 440524188001010014; typed 11010519491231002x."))
                .isEqualTo("holder=110105********002X, other 440524********0014; typed 110105********002x.");
        // a wrong check character is still someone's number, mistyped
        assertThat(PersonalData.maskIdNumbersIn("(" + "11010519491231003X" + ")")).isEqualTo("(110105********003X)");
        assertThat(PersonalData.maskIdNumbersIn("申请人" + ID + "办理")).isEqualTo("申请人110105********002X办理");
        // not an ID number: 19 digits (a nanosecond clock), 17 digits, text without digits; returned as it is
        String notIds = "t=1732441234567890123 n=12345678901234567 ok";
        assertThat(PersonalData.maskIdNumbersIn(notIds)).isSameAs(notIds);
        String plain = "delivered case.submit 2fd71077-81d0-407b-b923-83fd06bbb5f6 to 370000 (attempt 1)";
        assertThat(PersonalData.maskIdNumbersIn(plain)).isSameAs(plain);
        assertThat(PersonalData.maskIdNumbersIn(null)).isNull();
    }
}
