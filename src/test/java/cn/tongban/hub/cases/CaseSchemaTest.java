package cn.tongban.hub.cases;

import static cn.tongban.hub.cases.CaseJsonTest.applicant;
import static cn.tongban.hub.cases.CaseJsonTest.material;
import static cn.tongban.hub.cases.Samples.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/**
 * docs/schemas checked with a real JSON Schema validator (networknt, draft 2020-12, formats asserted) against
 * sample documents, and compared with what {@link CaseJson} and {@link CaseValidator} say of the same samples.
 * The schemas are necessary, not sufficient: check characters, the dated division list and cross-field rules
 * (收受分离) are the hub's alone ({@link Outcome#HUB_ONLY}).
 */
class CaseSchemaTest {
    static final ObjectMapper PLAIN = new ObjectMapper();
    static SchemaRegistry registry;
    static final Map<Doc, Schema> SCHEMAS = new EnumMap<>(Doc.class);
    static final Map<Doc, JsonNode> SCHEMA_NODES = new EnumMap<>(Doc.class);

    enum Doc {
        SUBMISSION("case-submission", CaseSubmission.class, JSON::readSubmission),
        STATUS("case-status", CaseStatus.class, JSON::readStatus),
        EVALUATION("service-evaluation", ServiceEvaluation.class, JSON::readEvaluation),
        LICENCE_REQUEST("licence-check-request", LicenceCheck.Request.class, JSON::readLicenceRequest),
        LICENCE_RESULT("licence-check-result", LicenceCheck.Result.class, JSON::readLicenceResult);

        final String name;
        final Class<? extends Record> type;
        final Function<String, CaseJson.Reading<?>> read;

        Doc(String name, Class<? extends Record> type, Function<String, CaseJson.Reading<?>> read) {
            this.name = name;
            this.type = type;
            this.read = read;
        }
    }

    enum Outcome {
        /** Schema and hub accept, without any violation. */
        BOTH_ACCEPT,
        /** Schema accepts; the hub accepts with warnings only (where shared/DOMAIN.md is uncertain). */
        HUB_WARNS,
        /** Both refuse, at the same places. */
        BOTH_REFUSE,
        /** Schema accepts; only the hub can tell (check characters, dated divisions, cross-field rules). */
        HUB_ONLY
    }

    @BeforeAll
    static void loadSchemas() throws IOException {
        var config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build();
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
        for (Doc d : Doc.values()) {
            JsonNode node = PLAIN.readTree(Files.readString(Samples.SCHEMAS.resolve(d.name + ".schema.json")));
            SCHEMA_NODES.put(d, node);
            SCHEMAS.put(d, registry.getSchema(node));
        }
    }

    @Test
    void schemasAreValidDraft202012Schemas() {
        Schema meta = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (Doc d : Doc.values()) {
            assertThat(meta.validate(SCHEMA_NODES.get(d))).as(d.name).isEmpty();
            assertThat(SCHEMA_NODES.get(d).path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        }
        // the meta-schema check is real: a broken schema fails it
        ObjectNode broken = SCHEMA_NODES.get(Doc.EVALUATION).deepCopy();
        ((ObjectNode) broken.get("properties").get("rating")).put("minimum", "one");
        assertThat(meta.validate(broken)).isNotEmpty();
    }

    @Test
    void examplesAndWrittenRecordsAreValid() {
        Map<Doc, List<String>> docs = Map.of(
                Doc.SUBMISSION, List.of(Samples.example("case-submission"), Samples.example("case-submission-organisation"),
                        CaseJson.write(Samples.submission()), CaseJson.write(Samples.organisationSubmission())),
                Doc.STATUS, List.of(Samples.example("case-status"), CaseJson.write(Samples.status())),
                Doc.EVALUATION, List.of(Samples.example("service-evaluation"), CaseJson.write(Samples.evaluation())),
                Doc.LICENCE_REQUEST, List.of(Samples.example("licence-check-request"), CaseJson.write(Samples.request())),
                Doc.LICENCE_RESULT, List.of(Samples.example("licence-check-result"), CaseJson.write(Samples.result())));
        docs.forEach((d, jsons) -> jsons.forEach(json -> {
            assertThat(schemaErrors(d, json)).as(json).isEmpty();
            assertThat(d.read.apply(json).violations()).as(json).isEmpty();
        }));
        // also with every optional field written
        var full = new LicenceCheck.Result(Samples.LICENCE, false, "revoked", "已注销", false, Map.of(), Samples.result().checkedAt());
        assertThat(schemaErrors(Doc.LICENCE_RESULT, CaseJson.write(full))).isEmpty();
    }

    /** Exactly the JSON CaseJson writes: each schema's properties are the record's components, plus the discriminator. */
    @Test
    void schemaPropertiesAreTheRecordComponents() {
        for (Doc d : Doc.values()) {
            assertThat(propertyNames(SCHEMA_NODES.get(d))).as(d.name).containsExactlyElementsOf(components(d.type));
        }
        JsonNode defs = SCHEMA_NODES.get(Doc.SUBMISSION).get("$defs");
        Map<String, Class<? extends Record>> variants = Map.of("person", Applicant.Person.class, "organisation",
                Applicant.Organisation.class, "licence", Material.Licence.class, "file", Material.File.class, "commitment",
                Material.Commitment.class);
        variants.forEach((name, type) -> {
            String discriminator = Applicant.class.isAssignableFrom(type) ? "type" : "kind";
            List<String> expected = new ArrayList<>(List.of(discriminator));
            expected.addAll(components(type));
            assertThat(propertyNames(defs.get(name))).as(name).containsExactlyElementsOf(expected);
            assertThat(defs.get(name).get("properties").get(discriminator).get("const").asText()).isEqualTo(name);
            assertThat(texts(defs.get(name).get("required"))).as(name).containsExactlyInAnyOrderElementsOf(expected);
        });
        assertThat(texts(defs.get("applicant").get("properties").get("type").get("enum"))).containsExactly("person", "organisation");
        assertThat(texts(defs.get("material").get("properties").get("kind").get("enum"))).containsExactly("licence", "file", "commitment");
    }

    @Test
    void enumsAreTheLowercaseCodes() {
        JsonNode sub = SCHEMA_NODES.get(Doc.SUBMISSION).get("properties");
        assertThat(texts(sub.get("mode").get("enum"))).containsExactlyElementsOf(
                Arrays.stream(ServiceMode.values()).map(ServiceMode::code).toList());
        assertThat(texts(sub.get("delivery").get("enum"))).containsExactlyElementsOf(
                Arrays.stream(DeliveryMethod.values()).map(DeliveryMethod::code).toList());
        assertThat(texts(SCHEMA_NODES.get(Doc.STATUS).get("properties").get("state").get("enum"))).containsExactlyElementsOf(
                Arrays.stream(CaseState.values()).map(CaseState::code).toList());
    }

    /** The patterns are the Java rules' own, anchored (JSON Schema patterns are not). */
    @Test
    void patternsAreTheJavaRules() {
        JsonNode defs = SCHEMA_NODES.get(Doc.SUBMISSION).get("$defs");
        assertThat(defs.get("text").get("pattern").asText()).isEqualTo(CaseValidator.NOT_BLANK.pattern());
        assertThat(defs.get("caseId").get("maxLength").asInt()).isEqualTo(CaseValidator.CASE_ID_MAX);
        assertThat(defs.get("creditCode").get("pattern").asText()).isEqualTo("^" + CreditCode.PATTERN.pattern() + "$");
        assertThat(defs.get("dateTime").get("pattern").asText()).isEqualTo("^" + CaseJson.DATE_TIME.pattern() + "$");
        assertThat(defs.get("file").get("properties").get("mediaType").get("pattern").asText())
                .isEqualTo("^" + CaseValidator.MEDIA_TYPE.pattern() + "$");
        assertThat(defs.get("file").get("properties").get("sm3").get("pattern").asText())
                .isEqualTo("^" + CaseValidator.SM3_HEX.pattern() + "$");
        JsonNode days = SCHEMA_NODES.get(Doc.SUBMISSION).get("properties").get("promisedWorkingDays");
        assertThat(days.get("minimum").asInt()).isEqualTo(CaseValidator.DAYS_MIN);
        assertThat(days.get("maximum").asInt()).isEqualTo(CaseValidator.DAYS_MAX);
        JsonNode rating = SCHEMA_NODES.get(Doc.EVALUATION).get("properties").get("rating");
        assertThat(rating.get("minimum").asInt()).isEqualTo(CaseValidator.RATING_MIN);
        assertThat(rating.get("maximum").asInt()).isEqualTo(CaseValidator.RATING_MAX);
        // the $defs repeated in each file are the same
        for (Doc d : Doc.values()) {
            SCHEMA_NODES.get(d).get("$defs").properties().forEach(e -> {
                if (defs.has(e.getKey())) {
                    assertThat(e.getValue()).as(d.name + " " + e.getKey()).isEqualTo(defs.get(e.getKey()));
                }
            });
        }
    }

    record Sample(String name, Doc doc, Consumer<ObjectNode> change, Outcome outcome, List<String> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Sample s(String name, Doc doc, Outcome outcome, Consumer<ObjectNode> change, String... fields) {
        return new Sample(name, doc, change, outcome, List.of(fields));
    }

    static Stream<Sample> samples() {
        Doc S = Doc.SUBMISSION;
        Outcome OK = Outcome.BOTH_ACCEPT;
        Outcome WARN = Outcome.HUB_WARNS;
        Outcome BOTH = Outcome.BOTH_REFUSE;
        Outcome HUB = Outcome.HUB_ONLY;
        String bornFeb30 = ResidentIdNumberTest.withCheck("11010519490230002");
        String otherPerson = ResidentIdNumberTest.withCheck("37120019800101001");
        return Stream.of(
                s("example as is", S, OK, o -> { }),
                s("lower-case t and z, fraction", S, OK, o -> o.put("submittedAt", "2025-05-22t01:30:00.123456789z")),
                s("media type with parameters", S, OK, o -> material(o, 1).put("mediaType", "text/plain; charset=utf-8")),
                s("no materials", S, OK, o -> o.putArray("materials")),
                s("organisation applicant", S, OK, o -> o.set("applicant",
                        obj("type", "organisation", "name", "厦门某某建设有限公司", "creditCode", "91350200776049653A"))),
                s("retired address code inside the ID number", S, OK, o -> applicant(o).put("idNumber", otherPerson)),
                s("365 days", S, OK, o -> o.put("promisedWorkingDays", 365)),

                s("service item code of another form", S, WARN, o -> o.put("serviceItemCode", "S-0117051000"), "/serviceItemCode"),
                s("licence serial shorter than seen", S, WARN, o -> material(o, 0).put("licenceId",
                        LicenceIdTest.withCheck("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430.001.")),
                        "/materials/0/licenceId"),
                s("remote intake inside its handling city", S, WARN, o -> {
                    o.put("receivingRegion", "370725");
                    o.putArray("handlingRegions").add("370700");
                }, "/receivingRegion"),
                s("joint handling in one place", S, WARN, o -> {
                    o.put("mode", "joint-handling");
                    o.put("receivingRegion", "370800");
                }, "/handlingRegions"),

                s("caseId missing", S, BOTH, o -> o.remove("caseId"), "/caseId"),
                s("caseId null", S, BOTH, o -> o.putNull("caseId"), "/caseId"),
                s("caseId blank", S, BOTH, o -> o.put("caseId", " \u3000 "), "/caseId"),
                s("caseId of 65", S, BOTH, o -> o.put("caseId", "案".repeat(65)), "/caseId"),
                s("unknown field", S, BOTH, o -> o.put("priority", "high"), "/priority"),
                s("unknown applicant field", S, BOTH, o -> applicant(o).put("phone", "13800000000"), "/applicant/phone"),
                s("applicant type unknown", S, BOTH, o -> applicant(o).put("type", "robot"), "/applicant/type"),
                s("applicant type missing", S, BOTH, o -> applicant(o).remove("type"), "/applicant/type"),
                s("person with a credit code", S, BOTH, o -> applicant(o).put("creditCode", "91350200776049653A"),
                        "/applicant/creditCode"),
                s("ID number too short", S, BOTH, o -> applicant(o).put("idNumber", "1101051949123100"), "/applicant/idNumber"),
                s("ID number lower-case x", S, BOTH, o -> applicant(o).put("idNumber", "11010519491231002x"), "/applicant/idNumber"),
                s("credit code lower-case", S, BOTH, o -> o.set("applicant",
                        obj("type", "organisation", "name", "某公司", "creditCode", "91350200776049653a")), "/applicant/creditCode"),
                s("mode by enum name", S, BOTH, o -> o.put("mode", "REMOTE_INTAKE"), "/mode"),
                s("delivery unknown", S, BOTH, o -> o.put("delivery", "email"), "/delivery"),
                s("region of 5 digits", S, BOTH, o -> o.put("receivingRegion", "37030"), "/receivingRegion"),
                s("county without prefecture", S, BOTH, o -> o.put("receivingRegion", "370005"), "/receivingRegion"),
                s("region as a number", S, BOTH, o -> o.put("receivingRegion", 130900), "/receivingRegion"),
                s("no handling region", S, BOTH, o -> o.putArray("handlingRegions"), "/handlingRegions"),
                s("handling region twice", S, BOTH, o -> o.putArray("handlingRegions").add("370800").add("370800"),
                        "/handlingRegions/1"),
                s("authority of 17", S, BOTH, o -> o.put("decidingAuthority", "11370800MB2855918"), "/decidingAuthority"),
                s("licence serial lower-case", S, BOTH, o -> material(o, 0).put("licenceId", Samples.LICENCE.replace("2430599", "2430599a")),
                        "/materials/0/licenceId"),
                s("holder neither code", S, BOTH, o -> material(o, 0).put("holderCode", "12345"), "/materials/0/holderCode"),
                s("material kind unknown", S, BOTH, o -> material(o, 0).put("kind", "photo"), "/materials/0/kind"),
                s("licence with a file's field", S, BOTH, o -> material(o, 0).put("size", 3), "/materials/0/size"),
                s("sm3 upper-case", S, BOTH, o -> material(o, 1).put("sm3", Samples.SM3_ABC.toUpperCase()), "/materials/1/sm3"),
                s("sm3 missing", S, BOTH, o -> material(o, 1).remove("sm3"), "/materials/1/sm3"),
                s("negative size", S, BOTH, o -> material(o, 1).put("size", -1), "/materials/1/size"),
                s("media type without subtype", S, BOTH, o -> material(o, 1).put("mediaType", "pdf"), "/materials/1/mediaType"),
                s("file name blank", S, BOTH, o -> material(o, 1).put("fileName", ""), "/materials/1/fileName"),
                s("verifyBy not a date", S, BOTH, o -> material(o, 2).put("verifyBy", "2025-02-30"), "/materials/2/verifyBy"),
                s("statement blank", S, BOTH, o -> material(o, 2).put("statement", "\t"), "/materials/2/statement"),
                s("0 days", S, BOTH, o -> o.put("promisedWorkingDays", 0), "/promisedWorkingDays"),
                s("366 days", S, BOTH, o -> o.put("promisedWorkingDays", 366), "/promisedWorkingDays"),
                s("days as text", S, BOTH, o -> o.put("promisedWorkingDays", "15"), "/promisedWorkingDays"),
                s("date-time without offset", S, BOTH, o -> o.put("submittedAt", "2025-05-22T09:30:00"), "/submittedAt"),
                s("date-time not a date", S, BOTH, o -> o.put("submittedAt", "2025-02-30T09:30:00+08:00"), "/submittedAt"),
                s("many at once", S, BOTH, o -> {
                    o.remove("mode");
                    o.put("delivery", "fax");
                    applicant(o).put("idNumber", "123");
                    material(o, 1).put("size", -5);
                }, "/mode", "/applicant/idNumber", "/delivery", "/materials/1/size"),

                s("ID number check character", S, HUB, o -> applicant(o).put("idNumber", "11010519491231003X"), "/applicant/idNumber"),
                s("ID number born on 30 February", S, HUB, o -> applicant(o).put("idNumber", bornFeb30), "/applicant/idNumber"),
                s("authority check character", S, HUB, o -> o.put("decidingAuthority", "11370300MB28579060"), "/decidingAuthority"),
                s("licence check character", S, HUB, o -> material(o, 0).put("licenceId",
                        Samples.LICENCE.substring(0, Samples.LICENCE.length() - 1) + "G"), "/materials/0/licenceId"),
                s("holder check character", S, HUB, o -> material(o, 0).put("holderCode", "11010519491231003X"),
                        "/materials/0/holderCode"),
                s("retired region", S, HUB, o -> o.put("receivingRegion", "371200"), "/receivingRegion"),
                s("unknown region", S, HUB, o -> o.putArray("handlingRegions").add("370799"), "/handlingRegions/0"),
                s("remote intake in its own region (收受分离)", S, HUB, o -> o.put("receivingRegion", "370800"), "/receivingRegion"),
                // JSON Schema counts 15.0 as an integer; the reader is stricter
                s("days as 15.0", S, HUB, o -> o.put("promisedWorkingDays", 15.0), "/promisedWorkingDays"),

                s("status as example", Doc.STATUS, OK, o -> { }),
                s("approved without reasons", Doc.STATUS, OK, o -> {
                    o.put("state", "approved");
                    o.remove("reasons");
                }),
                s("decided by a name", Doc.STATUS, WARN, o -> o.put("decidedBy", "某市行政审批服务局"), "/decidedBy"),
                s("rejected without reasons", Doc.STATUS, BOTH, o -> {
                    o.put("state", "rejected");
                    o.remove("reasons");
                }, "/reasons"),
                s("more materials, empty reasons", Doc.STATUS, BOTH, o -> o.putArray("reasons"), "/reasons"),
                s("blank reason", Doc.STATUS, BOTH, o -> o.withArray("reasons").add(""), "/reasons/1"),
                s("state unknown", Doc.STATUS, BOTH, o -> o.put("state", "closed"), "/state"),
                s("status time missing", Doc.STATUS, BOTH, o -> o.remove("at"), "/at"),

                s("evaluation as example", Doc.EVALUATION, OK, o -> { }),
                s("evaluation without comment", Doc.EVALUATION, OK, o -> o.remove("comment")),
                s("rating 0", Doc.EVALUATION, BOTH, o -> o.put("rating", 0), "/rating"),
                s("rating 6", Doc.EVALUATION, BOTH, o -> o.put("rating", 6), "/rating"),
                s("rating as text", Doc.EVALUATION, BOTH, o -> o.put("rating", "5"), "/rating"),
                s("comment null", Doc.EVALUATION, BOTH, o -> o.putNull("comment"), "/comment"),

                s("request as example", Doc.LICENCE_REQUEST, OK, o -> { }),
                s("request for an organisation", Doc.LICENCE_REQUEST, OK, o -> o.put("holderCode", "91350200776049653A")),
                s("request, holder and purpose wrong", Doc.LICENCE_REQUEST, BOTH, o -> {
                    o.put("holderCode", "x");
                    o.remove("purpose");
                }, "/holderCode", "/purpose"),
                s("request, licence check character", Doc.LICENCE_REQUEST, HUB, o -> o.put("licenceId",
                        Samples.LICENCE.substring(0, Samples.LICENCE.length() - 1) + "0"), "/licenceId"),

                s("result as example", Doc.LICENCE_RESULT, OK, o -> { }),
                s("result invalid, unsigned", Doc.LICENCE_RESULT, OK, o -> {
                    o.put("valid", false);
                    o.put("signatureVerified", false);
                    o.put("reason", "已注销");
                }),
                s("result valid but unsigned", Doc.LICENCE_RESULT, BOTH, o -> o.put("signatureVerified", false), "/signatureVerified"),
                s("result metadata not text", Doc.LICENCE_RESULT, BOTH, o -> ((ObjectNode) o.get("metadata")).put("页数", 2),
                        "/metadata/页数"),
                s("result valid as text", Doc.LICENCE_RESULT, BOTH, o -> o.put("valid", "true"), "/valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void schemaAndHubAgree(Sample sample) {
        String json = changed(sample.doc(), sample.change());
        List<String> schema = schemaErrors(sample.doc(), json);
        CaseJson.Reading<?> hub = sample.doc().read.apply(json);
        List<String> hubErrors = hub.violations().stream().filter(Violation::isError).map(Violation::field).toList();
        List<String> hubWarnings = hub.violations().stream().filter(v -> !v.isError()).map(Violation::field).toList();
        switch (sample.outcome()) {
            case BOTH_ACCEPT -> {
                assertThat(schema).isEmpty();
                assertThat(hub.violations()).isEmpty();
                assertThat(hub.ok()).isTrue();
            }
            case HUB_WARNS -> {
                assertThat(schema).isEmpty();
                assertThat(hub.ok()).isTrue();
                assertThat(hubErrors).isEmpty();
                assertThat(hubWarnings).containsExactlyElementsOf(sample.fields());
            }
            case HUB_ONLY -> {
                assertThat(schema).isEmpty();
                assertThat(hub.ok()).isFalse();
                assertThat(hubErrors).containsExactlyElementsOf(sample.fields());
            }
            case BOTH_REFUSE -> {
                assertThat(hub.ok()).isFalse();
                assertThat(hubErrors).containsExactlyInAnyOrderElementsOf(sample.fields());
                assertThat(schema).isNotEmpty();
                // each place the hub names, the schema names too (or an enclosing one), and the other way round
                for (String field : hubErrors) {
                    assertThat(schema).as("schema errors for " + field).anyMatch(at -> related(at, field));
                }
                for (String at : schema) {
                    assertThat(hubErrors).as("hub errors for " + at).anyMatch(field -> related(at, field));
                }
            }
        }
    }

    // ---- helpers ----

    static boolean related(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }

    /** Where the schema finds fault, as JSON pointers; a missing or unknown property is located at the property. */
    static List<String> schemaErrors(Doc d, String json) {
        List<Error> errors = SCHEMAS.get(d).validate(readTree(json));
        Set<String> at = new LinkedHashSet<>();
        for (Error e : errors) {
            String location = e.getInstanceLocation().toString();
            if (("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())) && e.getProperty() != null) {
                location += "/" + CaseJson.escape(e.getProperty());
            }
            at.add(location);
        }
        return List.copyOf(at);
    }

    static String changed(Doc d, Consumer<ObjectNode> change) {
        String example = d == Doc.SUBMISSION ? "case-submission" : d.name;
        ObjectNode o = (ObjectNode) readTree(Samples.example(example));
        change.accept(o);
        try {
            return PLAIN.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode obj(String... kv) {
        ObjectNode o = PLAIN.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    static List<String> propertyNames(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
