package cn.tongban.hub.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The model's sample records (equal to docs/schemas/examples), a fixed clock, and mutation helpers. */
final class Samples {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final LocalDate TODAY = LocalDate.of(2025, 6, 1);
    static final Clock CLOCK = clockOn(TODAY);
    static final CaseValidator VALIDATOR = new CaseValidator(CLOCK, Set.of());
    static final CaseJson JSON = new CaseJson(VALIDATOR);

    static final String NAME = "张三";
    static final String ID = "11010519491231002X";
    static final String AUTHORITY = "11370800MB28559184";
    static final String LICENCE = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F";
    static final String LICENCE_2 = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
    static final String SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    static final Path SCHEMAS = Path.of("docs", "schemas");

    private Samples() {
    }

    static Clock clockOn(LocalDate day) {
        return Clock.fixed(day.atTime(10, 0).atZone(CHINA).toInstant(), CHINA);
    }

    /** docs/schemas/examples/case-submission.json. */
    static CaseSubmission submission() {
        return new CaseSubmission("CZ-2025-000123", "11370800MB285591843370117002011", "住房公积金提取",
                ServiceMode.REMOTE_INTAKE, new Applicant.Person(NAME, ID), "130900", List.of("370800"), AUTHORITY,
                DeliveryMethod.POST, List.of(
                        new Material.Licence("房屋所有权证", LICENCE, ID),
                        new Material.File("申请表", "application.pdf", "application/pdf", 3, SM3_ABC),
                        new Material.Commitment("住房情况承诺", "本人承诺在提取地无其他自有住房。", LocalDate.of(2025, 8, 31))),
                15, OffsetDateTime.parse("2025-05-22T09:30:00+08:00"));
    }

    /** docs/schemas/examples/case-submission-organisation.json. */
    static CaseSubmission organisationSubmission() {
        return new CaseSubmission("LY-2025-004711", "11370800MB28559184300011711200001", "建筑业企业资质认定",
                ServiceMode.JOINT_HANDLING, new Applicant.Organisation("厦门某某建设有限公司", "91350200776049653A"), "371312",
                List.of("371300", "370700"), AUTHORITY, DeliveryMethod.ONLINE,
                List.of(new Material.Licence("建筑业企业资质证书", LICENCE_2, "91350200776049653A")),
                20, OffsetDateTime.parse("2025-05-23T14:05:07.25Z"));
    }

    static CaseStatus status() {
        return new CaseStatus("CZ-2025-000123", CaseState.MORE_MATERIALS_NEEDED, List.of("申请表缺少申请人签名"), AUTHORITY,
                OffsetDateTime.parse("2025-05-24T10:00:00+08:00"));
    }

    static ServiceEvaluation evaluation() {
        return new ServiceEvaluation("CZ-2025-000123", 5, "不用跑腿，邮寄到家。", OffsetDateTime.parse("2025-06-02T18:20:00+08:00"));
    }

    static LicenceCheck.Request request() {
        return new LicenceCheck.Request(LICENCE, ID, "CZ-2025-000123", "住房公积金提取：核验房屋所有权证");
    }

    static LicenceCheck.Result result() {
        return new LicenceCheck.Result(LICENCE, true, "in-force", null, true,
                Map.of("证照名称", "房屋所有权证", "颁发机构", "某某住房和城乡建设局", "有效期截止日期", "2035-12-31"),
                OffsetDateTime.parse("2025-05-22T09:31:02+08:00"));
    }

    static String example(String name) {
        try {
            return Files.readString(SCHEMAS.resolve("examples").resolve(name + ".json"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every string differing from {@code s} in exactly one position, by a character from {@code alphabet}. */
    static List<String> mutations(String s, String alphabet) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != s.charAt(i)) {
                    out.add(s.substring(0, i) + c + s.substring(i + 1));
                }
            }
        }
        return out;
    }

    /** A submission like {@code base} with some components replaced (records have no withers). */
    static final class Sub {
        String caseId;
        String serviceItemCode;
        String serviceItemName;
        ServiceMode mode;
        Applicant applicant;
        String receivingRegion;
        List<String> handlingRegions;
        String decidingAuthority;
        DeliveryMethod delivery;
        List<Material> materials;
        int promisedWorkingDays;
        OffsetDateTime submittedAt;

        Sub(CaseSubmission s) {
            caseId = s.caseId();
            serviceItemCode = s.serviceItemCode();
            serviceItemName = s.serviceItemName();
            mode = s.mode();
            applicant = s.applicant();
            receivingRegion = s.receivingRegion();
            handlingRegions = s.handlingRegions();
            decidingAuthority = s.decidingAuthority();
            delivery = s.delivery();
            materials = s.materials();
            promisedWorkingDays = s.promisedWorkingDays();
            submittedAt = s.submittedAt();
        }

        CaseSubmission build() {
            return new CaseSubmission(caseId, serviceItemCode, serviceItemName, mode, applicant, receivingRegion,
                    handlingRegions, decidingAuthority, delivery, materials, promisedWorkingDays, submittedAt);
        }
    }

    static Sub sub() {
        return new Sub(submission());
    }
}
