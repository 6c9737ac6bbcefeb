package cn.tongban.hub.protocol;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * TEP-1 §4 step 2: the strict shape of §2. Anything else is {@link RefusalCode#MALFORMED}.
 *
 * <p>Beyond JSON types, {@code iat}/{@code exp} must be RFC 3339 date-times with an offset: the spec's
 * "right type" for a time, so a message whose times cannot be read is refused here, before any
 * cryptography, rather than at step 8. Unknown header members are ignored (§2). The members the hub keeps,
 * logs and routes on must also fit the store and hold no control characters (see {@link #MAX_LENGTH}).
 */
public final class MessageParser {
    private static final Set<String> TOP_LEVEL = Set.of("protected", "payload", "signature");
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    /**
     * TEP-1 §2 makes {@code id} a UUID (36 characters). Receivers key their de-duplication store on it, so an
     * id that no store can index is refused as malformed rather than failing storage later; 128 leaves room
     * for other UUID spellings.
     */
    public static final int MAX_ID_LENGTH = 128;

    /**
     * The longest text the receiving store keeps per member ({@code V1__exchange.sql}). A signed message with a
     * longer one would pass every check and then fail its insert at step 12 with 503, which its sender retries
     * until the message expires; so, like an over-long id, it is MALFORMED here.
     */
    static final Map<String, Integer> MAX_LENGTH = Map.of("type", 256, "conv", 1024, "svc", 256, "ref", MAX_ID_LENGTH,
            "cty", 256, "from.node", 64, "from.org", 64, "to.node", 64, "to.org", 64);

    private MessageParser() {
    }

    public static ParsedMessage parse(byte[] raw) throws Refusal {
        JsonNode top;
        try {
            top = TepJson.read(raw);
        } catch (IllegalArgumentException e) {
            throw malformed("not strict JSON: " + e.getMessage());
        }
        if (!top.isObject() || top.size() != 3) {
            throw malformed("a message is an object with exactly protected, payload and signature");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = top.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!TOP_LEVEL.contains(e.getKey()) || !e.getValue().isTextual()) {
                throw malformed("top-level member " + e.getKey() + " is unknown or not a string");
            }
        }
        String p = top.get("protected").textValue();
        String pl = top.get("payload").textValue();
        String s = top.get("signature").textValue();
        byte[] headerBytes = decode("protected", p);
        byte[] body = decode("payload", pl);
        byte[] sig = decode("signature", s);
        JsonNode h;
        try {
            h = TepJson.read(headerBytes);
        } catch (IllegalArgumentException e) {
            throw malformed("header is not strict JSON: " + e.getMessage());
        }
        if (!h.isObject()) {
            throw malformed("header is not a JSON object");
        }
        TepHeader header = new TepHeader(
                intMember(h, "v"),
                text(h, "alg", true),
                x5c(h),
                text(h, "id", true),
                text(h, "ref", false),
                text(h, "conv", true),
                text(h, "type", true),
                text(h, "svc", false),
                address(h, "from"),
                address(h, "to"),
                time(h, "iat"),
                time(h, "exp"),
                text(h, "enc", true),
                text(h, "kid", false),
                text(h, "ek", false),
                text(h, "iv", false),
                text(h, "cty", true),
                new String(headerBytes, java.nio.charset.StandardCharsets.UTF_8));
        if (header.id().isEmpty() || header.id().length() > MAX_ID_LENGTH || !header.id().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw malformed("id must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters (a UUID)");
        }
        checkText(header);
        return new ParsedMessage(raw, p, pl, s, header, body, sig);
    }

    /**
     * The header texts the hub stores, logs and routes on: within the store's lengths, without control
     * characters (PostgreSQL refuses NUL in text, and a line break in a logged member would forge log lines;
     * C1 controls such as NEL U+0085 break lines too) and Unicode text: a JSON escape can spell an unpaired
     * surrogate ({@code "\ud800"}), which no UTF-8 store or log can hold as signed (the PostgreSQL driver
     * writes {@code ?}), so the hub would keep and hand over a member that differs from the one signed.
     */
    private static void checkText(TepHeader h) throws Refusal {
        String[][] members = {{"alg", h.alg()}, {"ref", h.ref()}, {"conv", h.conv()}, {"type", h.type()}, {"svc", h.svc()},
                {"from.node", h.from().node()}, {"from.org", h.from().org()}, {"to.node", h.to().node()}, {"to.org", h.to().org()},
                {"enc", h.enc()}, {"kid", h.kid()}, {"cty", h.cty()}};
        for (String[] m : members) {
            String v = m[1];
            if (v == null) {
                continue;
            }
            Integer max = MAX_LENGTH.get(m[0]);
            if (max != null && v.length() > max) {
                throw malformed("header member " + m[0] + " is longer than " + max + " characters");
            }
            if (v.chars().anyMatch(Character::isISOControl)) {
                throw malformed("header member " + m[0] + " holds a control character");
            }
            if (!isUnicodeText(v)) {
                throw malformed("header member " + m[0] + " holds an unpaired surrogate");
            }
        }
    }

    private static boolean isUnicodeText(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] decode(String member, String text) throws Refusal {
        try {
            return Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(member + " is not base64url without padding: " + e.getMessage());
        }
    }

    private static int intMember(JsonNode h, String name) throws Refusal {
        JsonNode n = h.get(name);
        if (n == null || !n.isIntegralNumber()) {
            throw malformed("header member " + name + " is missing or not an integer");
        }
        // any other integer is well-formed but unsupported (step 3)
        return n.canConvertToInt() ? n.intValue() : Integer.MIN_VALUE;
    }

    private static String text(JsonNode h, String name, boolean required) throws Refusal {
        JsonNode n = h.get(name);
        if (n == null) {
            if (required) {
                throw malformed("header member " + name + " is missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw malformed("header member " + name + " is not a string");
        }
        return n.textValue();
    }

    private static List<String> x5c(JsonNode h) throws Refusal {
        JsonNode n = h.get("x5c");
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw malformed("header member x5c is missing or not a non-empty array");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode c : n) {
            if (!c.isTextual()) {
                throw malformed("x5c holds a non-string");
            }
            out.add(c.textValue());
        }
        return List.copyOf(out);
    }

    private static NodeAddress address(JsonNode h, String name) throws Refusal {
        JsonNode n = h.get(name);
        if (n == null || !n.isObject()) {
            throw malformed("header member " + name + " is missing or not an object");
        }
        return new NodeAddress(text(n, "node", true), text(n, "org", false));
    }

    private static OffsetDateTime time(JsonNode h, String name) throws Refusal {
        String s = text(h, name, true);
        if (!RFC3339.matcher(s).matches()) {
            throw malformed("header member " + name + " is not an RFC 3339 date-time with offset");
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw malformed("header member " + name + " is not a valid date-time");
        }
    }

    private static Refusal malformed(String why) {
        return new Refusal(RefusalCode.MALFORMED, why);
    }
}
