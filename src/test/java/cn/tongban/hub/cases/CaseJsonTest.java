package cn.tongban.hub.cases;

import static cn.tongban.hub.cases.Samples.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.cases.Violation.Severity;

class CaseJsonTest {
    static final ObjectMapper PLAIN = new ObjectMapper();

    @Test
    void theExamplesReadAsTheSampleRecords() {
        assertRead(JSON.readSubmission(Samples.example("case-submission")), Samples.submission());
        assertRead(JSON.readSubmission(Samples.example("case-submission-organisation")), Samples.organisationSubmission());
        assertRead(JSON.readStatus(Samples.example("case-status")), Samples.status());
        assertRead(JSON.readEvaluation(Samples.example("service-evaluation")), Samples.evaluation());
        assertRead(JSON.readLicenceRequest(Samples.example("licence-check-request")), Samples.request());
        assertRead(JSON.readLicenceResult(Samples.example("licence-check-result")), Samples.result());
    }

    @Test
    void writingGivesTheExamplesBack() throws Exception {
        assertWrites(Samples.submission(), "case-submission");
        assertWrites(Samples.organisationSubmission(), "case-submission-organisation");
        assertWrites(Samples.status(), "case-status");
        assertWrites(Samples.evaluation(), "service-evaluation");
        assertWrites(Samples.request(), "licence-check-request");
        assertWrites(Samples.result(), "licence-check-result");
    }

    @Test
    void writtenFormIsPinned() {
        assertThat(CaseJson.write(Samples.status())).isEqualTo("{\"caseId\":\"CZ-2025-000123\",\"state\":\"more-materials-needed\","
                + "\"reasons\":[\"申请表缺少申请人签名\"],\"decidedBy\":\"11370800MB28559184\",\"at\":\"2025-05-24T10:00:00+08:00\"}");
        assertThat(CaseJson.write(new ServiceEvaluation("c1", 3, null, OffsetDateTime.of(2025, 6, 1, 8, 0, 0, 5_000_000, ZoneOffset.UTC))))
                .isEqualTo("{\"caseId\":\"c1\",\"rating\":3,\"at\":\"2025-06-01T08:00:00.005Z\"}");
        String sub = CaseJson.write(Samples.submission());
        assertThat(sub).startsWith("{\"caseId\":\"CZ-2025-000123\",\"serviceItemCode\"")
                .contains("\"mode\":\"remote-intake\"")
                .contains("\"applicant\":{\"type\":\"person\",\"name\":\"张三\",\"idNumber\":\"11010519491231002X\"}")
                .contains("{\"kind\":\"commitment\",\"title\":\"住房情况承诺\",\"statement\":\"本人承诺在提取地无其他自有住房。\",\"verifyBy\":\"2025-08-31\"}")
                .contains("\"delivery\":\"post\"")
                .endsWith("\"promisedWorkingDays\":15,\"submittedAt\":\"2025-05-22T09:30:00+08:00\"}");
        assertThat(CaseJson.writeBytes(Samples.status())).isEqualTo(CaseJson.write(Samples.status()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsKeepTheOffset() {
        for (var sample : List.of(Samples.submission(), Samples.organisationSubmission())) {
            var back = JSON.readSubmission(CaseJson.write(sample));
            assertThat(back.value()).isEqualTo(sample);
        }
        var back = JSON.readSubmission(Samples.example("case-submission")).value();
        assertThat(back.submittedAt().getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(JSON.readStatus(CaseJson.write(Samples.status())).value()).isEqualTo(Samples.status());
        assertThat(JSON.readEvaluation(CaseJson.write(Samples.evaluation())).value()).isEqualTo(Samples.evaluation());
        assertThat(JSON.readLicenceRequest(CaseJson.write(Samples.request())).value()).isEqualTo(Samples.request());
        assertThat(JSON.readLicenceResult(CaseJson.write(Samples.result())).value()).isEqualTo(Samples.result());
        assertThat(JSON.readSubmission(CaseJson.writeBytes(Samples.submission())).value()).isEqualTo(Samples.submission());
    }

    @Test
    void unknownFieldsAreRefusedWherever() {
        assertRefused(submission(o -> o.put("priority", 1)), "/priority");
        assertRefused(submission(o -> applicant(o).put("nickname", "三")), "/applicant/nickname");
        assertRefused(submission(o -> material(o, 1).put("pages", 2)), "/materials/1/pages");
        // a field of another kind is unknown for this kind
        assertRefused(submission(o -> material(o, 0).put("sm3", Samples.SM3_ABC)), "/materials/0/sm3");
        assertRefused(submission(o -> o.put("a/b~c", 1)), "/a~1b~0c");
    }

    @Test
    void duplicateKeysAreRefused() {
        String json = Samples.example("case-submission");
        assertRefused(json.replace("\"caseId\": \"CZ-2025-000123\",", "\"caseId\": \"CZ-2025-000123\", \"caseId\": \"CZ-2\","),
                "/caseId");
        assertRefused(json.replace("\"name\": \"张三\",", "\"name\": \"张三\", \"name\": \"李四\","), "/applicant/name");
        var r = JSON.readSubmission(json.replace("\"name\": \"张三\",", "\"name\": \"张三\", \"name\": \"李四\","));
        assertThat(r.violations()).singleElement().extracting(Violation::message).isEqualTo("duplicate key");
    }

    @Test
    void typesAreChecked() {
        assertRefused(submission(o -> o.put("promisedWorkingDays", "15")), "/promisedWorkingDays");
        assertRefused(submission(o -> o.put("promisedWorkingDays", 15.0)), "/promisedWorkingDays");
        assertRefused(submission(o -> o.put("promisedWorkingDays", 15.5)), "/promisedWorkingDays");
        assertRefused(submission(o -> o.put("promisedWorkingDays", 4_000_000_000L)), "/promisedWorkingDays");
        assertRefused(submission(o -> applicant(o).put("idNumber", 110105194912310020L)), "/applicant/idNumber");
        assertRefused(submission(o -> o.put("caseId", true)), "/caseId");
        assertRefused(submission(o -> o.put("handlingRegions", "370800")), "/handlingRegions");
        assertRefused(submission(o -> o.withArray("handlingRegions").add(370300)), "/handlingRegions/1");
        assertRefused(submission(o -> o.withArray("materials").add("申请表")), "/materials/3");
        assertRefused(submission(o -> material(o, 1).put("size", "3")), "/materials/1/size");
        assertRefused(submission(o -> material(o, 1).put("size", 1.5)), "/materials/1/size");
        assertRefused(submission(o -> o.putObject("applicant")), "/applicant/type");
        assertRefused(submission(o -> o.put("applicant", "张三")), "/applicant");
        assertRefused(JSON.readEvaluation("{\"caseId\":\"c1\",\"rating\":true,\"at\":\"2025-06-01T08:00:00Z\"}"), "/rating");
        assertRefused(JSON.readLicenceResult("{\"licenceId\":\"" + Samples.LICENCE + "\",\"valid\":\"true\",\"signatureVerified\":1,"
                + "\"metadata\":{\"证照名称\":7},\"checkedAt\":\"2025-06-01T08:00:00Z\"}"), "/valid", "/signatureVerified",
                "/metadata/证照名称");
    }

    @Test
    void nullIsNotAValue() {
        assertRefused(submission(o -> o.putNull("caseId")), "/caseId");
        assertRefused(submission(o -> o.putNull("promisedWorkingDays")), "/promisedWorkingDays");
        assertRefused(JSON.readEvaluation("{\"caseId\":\"c1\",\"rating\":4,\"comment\":null,\"at\":\"2025-06-01T08:00:00Z\"}"),
                "/comment");
        assertRefused(submission(o -> o.withArray("handlingRegions").addNull()), "/handlingRegions/1");
    }

    @Test
    void missingFieldsAreAllListed() {
        var r = JSON.readSubmission(submission(o -> {
            o.remove("mode");
            o.remove("submittedAt");
            o.remove("promisedWorkingDays");
            applicant(o).remove("idNumber");
            material(o, 2).remove("verifyBy");
        }));
        assertThat(r.ok()).isFalse();
        assertThat(r.violations()).extracting(Violation::field).containsExactly("/mode", "/applicant/idNumber",
                "/materials/2/verifyBy", "/promisedWorkingDays", "/submittedAt");
        assertThat(r.violations()).allSatisfy(v -> assertThat(v.message()).isEqualTo("required"));
        // optional fields may be left out
        assertThat(JSON.readEvaluation("{\"caseId\":\"c1\",\"rating\":4,\"at\":\"2025-06-01T08:00:00Z\"}").ok()).isTrue();
        assertThat(JSON.readStatus("{\"caseId\":\"c1\",\"state\":\"accepted\",\"decidedBy\":\"" + Samples.AUTHORITY
                + "\",\"at\":\"2025-06-01T08:00:00Z\"}").value().reasons()).isNull();
    }

    @Test
    void enumsAreTheirLowercaseCodes() {
        assertRefused(submission(o -> o.put("mode", "REMOTE_INTAKE")), "/mode");
        assertRefused(submission(o -> o.put("mode", "异地代收代办")), "/mode");
        assertRefused(submission(o -> o.put("delivery", "email")), "/delivery");
        assertRefused(submission(o -> applicant(o).put("type", "robot")), "/applicant/type");
        assertRefused(submission(o -> material(o, 0).put("kind", "Licence")), "/materials/0/kind");
        assertRefused(JSON.readStatus("{\"caseId\":\"c1\",\"state\":\"closed\",\"decidedBy\":\"" + Samples.AUTHORITY + "\",\"at\":\"2025-06-01T08:00:00Z\"}"),
                "/state");
        assertThat(submissionReading(o -> o.put("mode", "fully-online")).value().mode()).isEqualTo(ServiceMode.FULLY_ONLINE);
    }

    @Test
    void datesAreRfc3339() {
        for (String bad : List.of("2025-05-22 09:30:00+08:00", "2025-05-22T09:30:00", "2025-05-22T09:30+08:00",
                "2025-02-30T09:30:00+08:00", "2025-05-22T24:00:00+08:00", "2025-05-22T09:30:00+0800", "20250522T093000Z",
                "2025-05-22T09:30:00.1234567890Z", "2025-05-22")) {
            assertRefused(submission(o -> o.put("submittedAt", bad)), "/submittedAt");
        }
        assertRefused(submission(o -> o.put("submittedAt", 1747877400)), "/submittedAt");
        for (String bad : List.of("2025-8-31", "2025-02-29", "2025-08-31T00:00:00Z", "31.08.2025")) {
            assertRefused(submission(o -> material(o, 2).put("verifyBy", bad)), "/materials/2/verifyBy");
        }
        var lower = submissionReading(o -> o.put("submittedAt", "2025-05-22t01:30:00.5z"));
        assertThat(lower.value().submittedAt()).isEqualTo(OffsetDateTime.of(2025, 5, 22, 1, 30, 0, 500_000_000, ZoneOffset.UTC));
        var west = submissionReading(o -> o.put("submittedAt", "2025-05-21T20:30:00-05:00"));
        assertThat(west.value().submittedAt().getOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(submissionReading(o -> material(o, 2).put("verifyBy", "2024-02-29")).value().materials().get(2))
                .isEqualTo(new Material.Commitment("住房情况承诺", "本人承诺在提取地无其他自有住房。", LocalDate.of(2024, 2, 29)));
    }

    @Test
    void malformedDocumentsAreRefusedWithoutQuotingThem() {
        for (String bad : List.of("", "   ", "{", "[]", "\"case\"", "{\"caseId\": 11010519491231002X}", "{} {}", "{\"a\":1,}",
                "{'caseId':'c'}", "{\"caseId\":\"c\"} x", "null")) {
            var r = JSON.readSubmission(bad);
            assertThat(r.ok()).as(bad).isFalse();
            assertThat(r.violations()).as(bad).isNotEmpty().allSatisfy(v -> assertThat(v.isError()).isTrue());
            assertThat(r.violations().toString()).as(bad).doesNotContain("11010519491231002");
        }
        assertThat(JSON.readSubmission(new byte[]{'{', (byte) 0xC3, '}'}).violations()).extracting(Violation::message)
                .containsExactly("not UTF-8 text");
    }

    @Test
    void everyShapeProblemIsGatheredAtOnce() {
        var r = JSON.readSubmission(submission(o -> {
            o.put("caseId", 7);
            o.put("mode", "offline");
            o.put("extra", true);
            applicant(o).put("type", "organisation");
            material(o, 0).remove("holderCode");
            material(o, 1).put("size", -1.0);
            o.put("submittedAt", "yesterday");
        }));
        assertThat(r.ok()).isFalse();
        assertThat(r.violations()).extracting(Violation::field).containsExactly("/caseId", "/mode", "/applicant/creditCode",
                "/applicant/idNumber", "/materials/0/holderCode", "/materials/1/size", "/submittedAt", "/extra");
    }

    @Test
    void theValidatorsRulesFollowAReadingOfTheRightShape() {
        var r = JSON.readSubmission(submission(o -> {
            applicant(o).put("idNumber", "11010519491231003X");
            o.put("receivingRegion", "371200");
            material(o, 1).put("size", -1);
        }));
        assertThat(r.ok()).isFalse();
        assertThat(r.value()).isNull();
        assertThat(r.violations()).extracting(Violation::field).containsExactly("/applicant/idNumber", "/receivingRegion",
                "/materials/1/size");
        // warnings alone do not refuse
        var w = submissionReading(o -> o.put("serviceItemCode", "S-0117051000"));
        assertThat(w.ok()).isTrue();
        assertThat(w.violations()).extracting(Violation::field, Violation::severity)
                .containsExactly(tuple("/serviceItemCode", Severity.WARNING));
    }

    /** A document refused for its shape still has the rules applied to the rest: nothing waits for a second try. */
    @Test
    void shapeAndRuleProblemsAreListedTogether() {
        var r = JSON.readSubmission(submission(o -> {
            o.put("mode", "offline");
            applicant(o).put("idNumber", "11010519491231003X");
            o.putArray("handlingRegions").add(370800).add("371200");
            material(o, 0).put("kind", "photo");
            material(o, 1).put("size", -1);
            material(o, 2).put("verifyBy", "soon");
        }));
        assertThat(r.ok()).isFalse();
        assertThat(r.violations()).extracting(Violation::field).containsExactly(
                "/mode", "/handlingRegions/0", "/materials/0/kind", "/materials/2/verifyBy",
                "/applicant/idNumber", "/handlingRegions/1", "/materials/1/size");
        // what the shape refused is not reported twice (no "required" for the fields left out)
        assertThat(r.violations()).extracting(Violation::message).doesNotContain("required");
    }

    @Test
    void theMapperRefusesCoercionsToo() throws Exception {
        ObjectMapper m = CaseJson.mapper();
        assertThat(m.readValue("{\"caseId\":\"c\",\"rating\":4,\"at\":\"2025-06-01T08:00:00Z\"}", ServiceEvaluation.class).rating())
                .isEqualTo(4);
        for (String bad : List.of("{\"caseId\":7,\"rating\":4}", "{\"caseId\":\"c\",\"rating\":\"4\"}",
                "{\"caseId\":\"c\",\"rating\":4.0}", "{\"caseId\":\"c\",\"rating\":null}", "{\"caseId\":\"c\",\"rating\":4,\"x\":1}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.readValue(bad, ServiceEvaluation.class)).as(bad)
                    .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        }
    }

    // ---- helpers ----

    static <T> void assertRead(CaseJson.Reading<T> r, T expected) {
        assertThat(r.violations()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.value()).isEqualTo(expected);
    }

    static void assertWrites(Object record, String example) throws Exception {
        JsonNode written = PLAIN.readTree(CaseJson.write(record));
        JsonNode expected = PLAIN.readTree(Samples.example(example));
        assertThat(written).isEqualTo(expected);
    }

    static void assertRefused(CaseJson.Reading<?> r, String... fields) {
        assertThat(r.ok()).isFalse();
        assertThat(r.value()).isNull();
        assertThat(r.violations()).extracting(Violation::field).containsExactly(fields);
        assertThat(r.violations()).allSatisfy(v -> assertThat(v.isError()).isTrue());
    }

    static void assertRefused(String submissionJson, String... fields) {
        assertRefused(JSON.readSubmission(submissionJson), fields);
    }

    /** The example submission, changed. */
    static String submission(Consumer<ObjectNode> change) {
        try {
            ObjectNode o = (ObjectNode) PLAIN.readTree(Samples.example("case-submission"));
            change.accept(o);
            return PLAIN.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CaseJson.Reading<CaseSubmission> submissionReading(Consumer<ObjectNode> change) {
        var r = JSON.readSubmission(submission(change));
        assertThat(r.ok()).as(r.violations().toString()).isTrue();
        return r;
    }

    static ObjectNode applicant(ObjectNode o) {
        return (ObjectNode) o.get("applicant");
    }

    static ObjectNode material(ObjectNode o, int i) {
        return (ObjectNode) ((ArrayNode) o.get("materials")).get(i);
    }
}
