package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.cases.Applicant;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.Material;
import cn.tongban.hub.cases.ServiceMode;

/** The identifier checks on shared/DOMAIN.md's worked examples, and the strict mapping of a record. */
class CaseRowMapperTest {
    static final OffsetDateTime PULLED_AT = OffsetDateTime.parse("2026-03-02T10:00:00+08:00");
    final CaseRowMapper mapper = new CaseRowMapper(List.of("11370300MB28579060"));

    @Test
    void identifiersOfTheDomainNotes() {
        assertThat(List.of("11010519491231002X", "440524188001010014")).allMatch(Identifiers::isIdNumber);
        assertThat(List.of("110105194912310021", "11010519491231002", "1101051949123100X2")).noneMatch(Identifiers::isIdNumber);
        assertThat(List.of("91350200776049653A", "11100000000013338W", "11370800MB28559184", "11440232MB2D06811W",
                "9135021359498494XQ")).allMatch(Identifiers::isCreditCode);
        assertThat(List.of("11370300MB28579060", "91350200776049653B", "9I350200776049653A")).noneMatch(Identifiers::isCreditCode);
        assertThat(List.of("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
                "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
                "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0")).allMatch(Identifiers::isLicenceId);
        assertThat(List.of("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G",
                "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430598.001.F",
                "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.F")).noneMatch(Identifiers::isLicenceId);
        assertThat(List.of("11440232MB2D06811W4000117051000", "11370800MB285591843370117002011",
                "11370800MB28559184300011711200001")).allMatch(Identifiers::isServiceItemCode);
        assertThat(List.of("11370800MB28559184337011700201", "11370300MB28579060000117006000X")).noneMatch(Identifiers::isServiceItemCode);
        assertThat(List.of("legacy_case", "legacy.case_2026", "CASE_ID")).allMatch(Identifiers::isSqlName);
        assertThat(List.of("case; DROP TABLE x", "a.b.c", "1abc", "")).noneMatch(Identifiers::isSqlName);
    }

    @Test
    void aRecordBecomesACase() throws Exception {
        CaseSubmission c = mapper.map(LegacyRecords.row(2), PULLED_AT);
        assertThat(c.caseId()).isEqualTo("ZB-2026-00002");
        assertThat(c.mode()).isEqualTo(ServiceMode.REMOTE_INTAKE);
        assertThat(c.applicant()).isEqualTo(new Applicant.Person(LegacyRecords.NAME, LegacyRecords.idNumber(2)));
        assertThat(c.handlingRegions()).containsExactly("130900");
        assertThat(c.materials()).containsExactly(new Material.Licence("营业执照", LegacyRecords.LICENCE, LegacyRecords.idNumber(2)));
        assertThat(c.submittedAt()).isEqualTo(OffsetDateTime.parse("2026-03-02T09:00:00+08:00"));

        Map<String, String> r = LegacyRecords.row(3);
        r.put("submitted_at", "");
        r.put("service_item_name", "  ");
        r.put("mode", "全程网办");
        CaseSubmission d = mapper.map(r, PULLED_AT);
        assertThat(d.submittedAt()).isEqualTo(PULLED_AT);
        assertThat(d.serviceItemName()).isNull();
        assertThat(d.mode()).isEqualTo(ServiceMode.FULLY_ONLINE);
        assertThat(d.materials()).isEmpty();
    }

    @Test
    void theAllowListAdmitsACodeInUseThatFailsItsCheck() throws Exception {
        Map<String, String> r = LegacyRecords.row(1);
        r.put("deciding_authority", "11370300MB28579060");
        assertThat(mapper.map(r, PULLED_AT).decidingAuthority()).isEqualTo("11370300MB28579060");
        assertThatThrownBy(() -> new CaseRowMapper(List.of()).map(r, PULLED_AT)).isInstanceOf(RowRejected.class)
                .hasMessage("deciding_authority is not a valid unified social credit code: '11370300MB28579060'");
    }

    @Test
    void invalidValuesAreRejectedWithoutPersonalData() {
        assertRejected("applicant_type", "citizen", "applicant_type must be person or organisation, not 'citizen'");
        assertRejected("delivery", "pigeon", "delivery must be post, online or window, not 'pigeon'");
        assertRejected("handling_regions", "130900;13", "handling_regions must be GB/T 2260 codes of 6 digits, not '13'");
        assertRejected("promised_days", "0", "promised_days must be a whole number of working days from 1 to 3650, not '0'");
        assertRejected("submitted_at", "2026-03-02 09:00", "submitted_at is not an RFC 3339 date-time with offset: '2026-03-02 09:00'");
        assertRejected("licences", LegacyRecords.LICENCE, "licences entries are title=identifier, separated by ';'");
        assertRejected("case_id", "ZB 2026", "case_id must be 1-128 printable ASCII characters without spaces");
        assertRejected("applicant_name", "", "applicant_name is empty");
        assertRejected("service_item_code", "123", "service_item_code is not a 31- or 33-character service item code: '123'");
        assertRejected("applicant_id", "11010519491231002Y", "applicant_id is not a valid resident identity number: 110105********002Y");
    }

    private void assertRejected(String column, String value, String reason) {
        Map<String, String> r = LegacyRecords.row(1);
        r.put(column, value);
        assertThatThrownBy(() -> mapper.map(r, PULLED_AT)).isInstanceOf(RowRejected.class).hasMessage(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(LegacyRecords.NAME));
    }
}
