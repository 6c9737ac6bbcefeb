package cn.tongban.hub.adapters.registration;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import cn.tongban.hub.cases.Applicant;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.Material;
import cn.tongban.hub.cases.ServiceMode;

/** Sample cases for the registration tests. */
final class Cases {
    static final String SERVICE_ITEM = "11370300MB28579060000117006000";

    private Cases() {
    }

    static CaseSubmission person(String caseId, String serviceItemCode, String name) {
        return new CaseSubmission(caseId, serviceItemCode, "异地就医备案", ServiceMode.REMOTE_INTAKE,
                new Applicant.Person(name, "11010519491231002X"), "370000", List.of("130000", "110000"),
                "11130000MB0000000X", DeliveryMethod.POST,
                List.of(new Material.Licence("居民身份证", "1.2.156.3005.2.11100000000013338W.110105.19491231002X.001", "11010519491231002X"),
                        new Material.File("参保证明", "proof.pdf", "application/pdf", 48213,
                                "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                        new Material.Commitment("居住证明", "本人承诺在备案地居住满六个月", LocalDate.of(2026, 12, 31))),
                20, OffsetDateTime.parse("2026-11-22T23:40:48+08:00"));
    }

    static CaseSubmission person(String caseId) {
        return person(caseId, SERVICE_ITEM, "张三");
    }

    static CaseSubmission organisation(String caseId) {
        return new CaseSubmission(caseId, SERVICE_ITEM, "营业执照变更登记", ServiceMode.FULLY_ONLINE,
                new Applicant.Organisation("济南示例科技有限公司", "91370100MA3C000000"), "370000", List.of("130000"),
                "11130000MB0000000X", DeliveryMethod.ONLINE,
                List.of(new Material.Licence("营业执照", "1.2.156.3005.2.11100000000013127D.91370100MA3C000000.001", "91370100MA3C000000")),
                5, OffsetDateTime.parse("2026-11-20T09:00:00+08:00"));
    }
}
