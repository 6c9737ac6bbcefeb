package cn.tongban.hub.cases;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The canonical JSON of the case model, as described by {@code docs/schemas}: strict reading (unknown fields,
 * duplicate keys, wrong types, nulls, unknown enum codes and non-RFC 3339 dates refused) that gathers every
 * problem with its JSON pointer, then the {@link CaseValidator}'s rules; and writing (optional fields left out
 * when null, dates RFC 3339 with their offset).
 */
public final class CaseJson {
    /**
     * What reading gave: the record when nothing refuses it ({@code violations} then holds at most warnings),
     * else null and every violation found.
     */
    public record Reading<T>(T value, List<Violation> violations) {
        public Reading {
            violations = List.copyOf(violations);
        }

        public boolean ok() {
            return value != null;
        }
    }

    static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");
    static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private static final ObjectMapper MAPPER = newMapper();

    private final CaseValidator validator;

    /** With a {@link CaseValidator} on the system clock and no credit-code allow-list. */
    public CaseJson() {
        this(new CaseValidator());
    }

    /** The rules this reader applies, for records that did not come from JSON. */
    public CaseValidator validator() {
        return validator;
    }

    public CaseJson(CaseValidator validator) {
        this.validator = Objects.requireNonNull(validator);
    }

    /** A mapper configured as this class reads and writes (a copy: changing it changes nothing here). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public Reading<CaseSubmission> readSubmission(String json) {
        return read(json, SUBMISSION, CaseSubmission.class, validator::validate);
    }

    public Reading<CaseStatus> readStatus(String json) {
        return read(json, STATUS, CaseStatus.class, validator::validate);
    }

    public Reading<ServiceEvaluation> readEvaluation(String json) {
        return read(json, EVALUATION, ServiceEvaluation.class, validator::validate);
    }

    public Reading<LicenceCheck.Request> readLicenceRequest(String json) {
        return read(json, LICENCE_REQUEST, LicenceCheck.Request.class, validator::validate);
    }

    public Reading<LicenceCheck.Result> readLicenceResult(String json) {
        return read(json, LICENCE_RESULT, LicenceCheck.Result.class, validator::validate);
    }

    public Reading<CaseSubmission> readSubmission(byte[] json) {
        return readSubmission(utf8(json));
    }

    public Reading<CaseStatus> readStatus(byte[] json) {
        return readStatus(utf8(json));
    }

    public Reading<ServiceEvaluation> readEvaluation(byte[] json) {
        return readEvaluation(utf8(json));
    }

    public Reading<LicenceCheck.Request> readLicenceRequest(byte[] json) {
        return readLicenceRequest(utf8(json));
    }

    public Reading<LicenceCheck.Result> readLicenceResult(byte[] json) {
        return readLicenceResult(utf8(json));
    }

    /** The canonical JSON of a submission, status, evaluation or licence check request or result (not validated). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] json) {
        try {
            // RFC 8259: UTF-8 only; malformed bytes are refused, not replaced
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private <T> Reading<T> read(String json, Shape shape, Class<T> type, Function<T, List<Violation>> validate) {
        if (json == null) {
            return new Reading<>(null, List.of(Violation.error("", "not UTF-8 text")));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new Reading<>(null, List.of(syntaxViolation(e)));
        }
        if (root == null || root.isMissingNode()) {
            return new Reading<>(null, List.of(Violation.error("", "empty document")));
        }
        Findings shapeFindings = new Findings();
        shape.check(root, "", shapeFindings);
        if (shapeFindings.violations.isEmpty()) {
            T value = convert(root, type);
            if (value == null) {
                return new Reading<>(null, List.of(Violation.error("", "cannot read as " + type.getSimpleName())));
            }
            List<Violation> out = validate.apply(value);
            return new Reading<>(Violation.anyError(out) ? null : value, out);
        }
        // refused already; still apply the rules to the rest, so that every problem is listed at once
        List<Violation> out = new ArrayList<>(shapeFindings.violations);
        JsonNode rest = root.deepCopy();
        if (rest.isObject() && shapeFindings.drop.stream().allMatch(at -> drop(rest, at))) {
            T value = convert(rest, type);
            if (value != null) {
                for (Violation v : validate.apply(value)) {
                    if (shapeFindings.drop.stream().noneMatch(at -> related(at, v.field()))) {
                        out.add(v);
                    }
                }
            }
        }
        return new Reading<>(null, out);
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Removes what {@code pointer} names (an array element becomes null, keeping the indices). */
    private static boolean drop(JsonNode root, String pointer) {
        if (pointer.isEmpty()) {
            return false;
        }
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(JsonPointer.compile(pointer.substring(0, slash)));
        String key = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            o.remove(key);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(key), NullNode.getInstance());
        }
        return true;
    }

    private static boolean related(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }

    /** Syntax errors and duplicate keys; the parser's own message is not repeated (it may quote personal data). */
    private static Violation syntaxViolation(JsonProcessingException e) {
        String pointer = "";
        if (e instanceof StreamReadException sre && sre.getProcessor() != null && sre.getProcessor().getParsingContext() != null) {
            pointer = sre.getProcessor().getParsingContext().pathAsPointer().toString();
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            return Violation.error(pointer, "duplicate key");
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return Violation.error(pointer, "not well-formed JSON" + where);
    }

    private static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(new JavaTimeModule())
                .build();
        // the shape check refuses these first; the mapper refuses them too for anyone using mapper()
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    // ---- the shape of each document, mirroring docs/schemas ----

    /** The shape violations, and what to leave out of the document so that the rest can still be checked. */
    private static final class Findings {
        final List<Violation> violations = new ArrayList<>();
        final List<String> drop = new ArrayList<>();

        void add(String path, String message) {
            addDropping(path, message, path);
        }

        void addDropping(String path, String message, String dropPath) {
            violations.add(Violation.error(path, message));
            drop.add(dropPath);
        }
    }

    /** Checks one JSON value at {@code path}, noting each problem. */
    private interface Shape {
        void check(JsonNode n, String path, Findings out);
    }

    private static final Shape STRING = (n, p, out) -> {
        if (!n.isTextual()) {
            out.add(p, "must be a string");
        }
    };

    private static final Shape INT = (n, p, out) -> {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            out.add(p, "must be an integer (32 bits, no fraction or exponent)");
        }
    };

    private static final Shape LONG = (n, p, out) -> {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            out.add(p, "must be an integer (64 bits, no fraction or exponent)");
        }
    };

    private static final Shape BOOLEAN = (n, p, out) -> {
        if (!n.isBoolean()) {
            out.add(p, "must be true or false");
        }
    };

    private static final Shape DATE_TIME_SHAPE = (n, p, out) -> {
        if (!n.isTextual() || !DATE_TIME.matcher(n.textValue()).matches() || !parses(() -> OffsetDateTime.parse(n.textValue().toUpperCase()))) {
            out.add(p, "must be an RFC 3339 date-time with its offset, e.g. 2025-05-22T09:30:00+08:00");
        }
    };

    private static final Shape DATE_SHAPE = (n, p, out) -> {
        if (!n.isTextual() || !DATE.matcher(n.textValue()).matches() || !parses(() -> LocalDate.parse(n.textValue()))) {
            out.add(p, "must be an RFC 3339 full-date, e.g. 2025-06-30");
        }
    };

    private static final Shape STRING_MAP = (n, p, out) -> {
        if (!n.isObject()) {
            out.add(p, "must be an object");
            return;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            STRING.check(e.getValue(), p + "/" + escape(e.getKey()), out);
        }
    };

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Shape codes(Enum<?>[] values, Function<Object, String> code) {
        Set<String> allowed = Arrays.stream(values).map(code).collect(Collectors.toCollection(LinkedHashSet::new));
        String list = String.join(", ", allowed);
        return (n, p, out) -> {
            if (!n.isTextual() || !allowed.contains(n.textValue())) {
                out.add(p, "must be one of " + list);
            }
        };
    }

    private static Shape arrayOf(Shape items) {
        return (n, p, out) -> {
            if (!n.isArray()) {
                out.add(p, "must be an array");
                return;
            }
            for (int i = 0; i < n.size(); i++) {
                items.check(n.get(i), p + "/" + i, out);
            }
        };
    }

    /** A JSON object with exactly these fields (some required), no others, none null. */
    private static final class Obj implements Shape {
        private final Map<String, Shape> fields = new LinkedHashMap<>();
        private final Set<String> required = new HashSet<>();
        private String discriminator;

        Obj req(String name, Shape shape) {
            fields.put(name, shape);
            required.add(name);
            return this;
        }

        Obj opt(String name, Shape shape) {
            fields.put(name, shape);
            return this;
        }

        Obj discriminatedBy(String name) {
            this.discriminator = name;
            return this;
        }

        @Override
        public void check(JsonNode n, String p, Findings out) {
            if (!n.isObject()) {
                out.add(p, "must be an object");
                return;
            }
            for (Map.Entry<String, Shape> f : fields.entrySet()) {
                JsonNode v = n.get(f.getKey());
                String at = p + "/" + escape(f.getKey());
                if (v == null) {
                    if (required.contains(f.getKey())) {
                        out.add(at, "required");
                    }
                } else if (v.isNull()) {
                    out.add(at, "must not be null");
                } else {
                    f.getValue().check(v, at, out);
                }
            }
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                String name = e.getKey();
                if (!fields.containsKey(name) && !name.equals(discriminator)) {
                    out.add(p + "/" + escape(name), "unknown field");
                }
            }
        }
    }

    /** An object whose {@code discriminator} field names which {@link Obj} it is. */
    private static Shape union(String discriminator, Map<String, Obj> variants) {
        variants.values().forEach(v -> v.discriminatedBy(discriminator));
        String list = String.join(", ", variants.keySet());
        return (n, p, out) -> {
            if (!n.isObject()) {
                out.add(p, "must be an object");
                return;
            }
            JsonNode d = n.get(discriminator);
            Obj variant = d != null && d.isTextual() ? variants.get(d.textValue()) : null;
            if (variant == null) {
                // without a known discriminator the object cannot be read at all
                out.addDropping(p + "/" + discriminator, d == null ? "required (one of " + list + ")" : "must be one of " + list, p);
                return;
            }
            variant.check(n, p, out);
        };
    }

    /** JSON pointer escaping of one key (RFC 6901). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static final Shape APPLICANT = union("type", linked(
            "person", new Obj().req("name", STRING).req("idNumber", STRING),
            "organisation", new Obj().req("name", STRING).req("creditCode", STRING)));

    private static final Shape MATERIAL = union("kind", linked(
            "licence", new Obj().req("title", STRING).req("licenceId", STRING).req("holderCode", STRING),
            "file", new Obj().req("title", STRING).req("fileName", STRING).req("mediaType", STRING).req("size", LONG)
                    .req("sm3", STRING),
            "commitment", new Obj().req("title", STRING).req("statement", STRING).req("verifyBy", DATE_SHAPE)));

    private static final Shape SUBMISSION = new Obj()
            .req("caseId", STRING)
            .req("serviceItemCode", STRING)
            .req("serviceItemName", STRING)
            .req("mode", codes(ServiceMode.values(), m -> ((ServiceMode) m).code()))
            .req("applicant", APPLICANT)
            .req("receivingRegion", STRING)
            .req("handlingRegions", arrayOf(STRING))
            .req("decidingAuthority", STRING)
            .req("delivery", codes(DeliveryMethod.values(), m -> ((DeliveryMethod) m).code()))
            .req("materials", arrayOf(MATERIAL))
            .req("promisedWorkingDays", INT)
            .req("submittedAt", DATE_TIME_SHAPE);

    private static final Shape STATUS = new Obj()
            .req("caseId", STRING)
            .req("state", codes(CaseState.values(), s -> ((CaseState) s).code()))
            .opt("reasons", arrayOf(STRING))
            .req("decidedBy", STRING)
            .req("at", DATE_TIME_SHAPE);

    private static final Shape EVALUATION = new Obj()
            .req("caseId", STRING)
            .req("rating", INT)
            .opt("comment", STRING)
            .req("at", DATE_TIME_SHAPE);

    private static final Shape LICENCE_REQUEST = new Obj()
            .req("licenceId", STRING)
            .req("holderCode", STRING)
            .req("caseId", STRING)
            .req("purpose", STRING);

    private static final Shape LICENCE_RESULT = new Obj()
            .req("licenceId", STRING)
            .req("valid", BOOLEAN)
            .opt("status", STRING)
            .opt("reason", STRING)
            .req("signatureVerified", BOOLEAN)
            .opt("metadata", STRING_MAP)
            .req("checkedAt", DATE_TIME_SHAPE);

    private static Map<String, Obj> linked(String k1, Obj v1, String k2, Obj v2) {
        Map<String, Obj> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static Map<String, Obj> linked(String k1, Obj v1, String k2, Obj v2, String k3, Obj v3) {
        Map<String, Obj> m = linked(k1, v1, k2, v2);
        m.put(k3, v3);
        return m;
    }
}
