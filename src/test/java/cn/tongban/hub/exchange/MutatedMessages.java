package cn.tongban.hub.exchange;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2PublicKeys;
import cn.tongban.hub.crypto.Sm4Gcm;
import cn.tongban.hub.protocol.Base64Url;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.ReceiverKeys;
import cn.tongban.hub.protocol.TepJson;

/**
 * A seeded generator of bad (and a few odd but valid) TEP/1 messages from one sender to one receiver, each
 * with what TEP-1 §4 says the receiver must answer. Two kinds of mutation:
 * <ul>
 * <li>on the bytes of a properly sealed message (truncation, flips, invalid UTF-8, broken JSON): the signature
 * no longer covers what arrives, so any refusal is right;</li>
 * <li>on the header or body, then <em>re-signed</em> with the sender's real key (and re-encrypted where the
 * header is the GCM AAD): the signature holds, so the receiver must find the bad content itself, and the
 * expected code is that of the first §4 check the one change breaks.</li>
 * </ul>
 * Same seed, same messages (ids, keys and times aside: content keys come from the JDK's SecureRandom via
 * SM2 encryption, and {@code iat} from the clock).
 */
final class MutatedMessages {
    /** One generated message and what must come back for it. */
    record FuzzCase(String family, byte[] body, boolean valid, Set<String> refusedWith, String id, boolean ping) {
        static FuzzCase refused(String family, byte[] body, String id, boolean ping, String... codes) {
            return new FuzzCase(family, body, false, Set.of(codes), id, ping);
        }

        static FuzzCase accepted(String family, byte[] body, String id, boolean ping) {
            return new FuzzCase(family, body, true, Set.of(), id, ping);
        }
    }

    static final String PING = "test.ping";
    static final String MALFORMED = "MALFORMED";
    static final String UNSUPPORTED = "UNSUPPORTED";
    static final String CERT_UNTRUSTED = "CERT_UNTRUSTED";
    static final String SENDER_MISMATCH = "SENDER_MISMATCH";
    static final String SIGNATURE_INVALID = "SIGNATURE_INVALID";
    static final String WRONG_RECIPIENT = "WRONG_RECIPIENT";
    static final String EXPIRED = "EXPIRED";
    static final String DECRYPTION_FAILED = "DECRYPTION_FAILED";
    static final String TOO_LARGE = "TOO_LARGE";

    /** Store column lengths (V1__exchange.sql) of the members the receiver keeps. */
    private static final java.util.Map<String, Integer> LIMIT = java.util.Map.of("id", 128, "ref", 128, "conv", 1024,
            "type", 256, "svc", 256, "cty", 256, "from.node", 64, "from.org", 64, "to.node", 64, "to.org", 64);
    /** Members the parser checks for length or control characters (MessageParser.checkText, and id). */
    private static final Set<String> CHECKED_TEXT = Set.of("alg", "id", "ref", "conv", "type", "svc", "from.node", "from.org",
            "to.node", "to.org", "enc", "kid", "cty");
    private static final String[] STRING_MEMBERS = {"alg", "id", "ref", "conv", "type", "svc", "from.node", "from.org",
            "to.node", "to.org", "iat", "exp", "enc", "kid", "ek", "iv", "cty"};
    private static final String[] ALL_MEMBERS = {"v", "alg", "x5c", "id", "ref", "conv", "type", "svc", "from", "from.node",
            "from.org", "to", "to.node", "to.org", "iat", "exp", "enc", "kid", "ek", "iv", "cty"};
    private static final Set<String> REQUIRED = Set.of("v", "alg", "x5c", "id", "conv", "type", "from", "from.node", "to",
            "to.node", "iat", "exp", "enc", "cty");
    private static final String RAW = "@@raw@@";

    private final Random r;
    private final String sender;
    private final String receiver;
    private final ECPrivateKeyParameters senderKey;
    private final List<String> senderX5c;
    private final ECPrivateKeyParameters otherKey;
    private final List<String> otherX5c;
    private final X509Certificate receiverEncryption;
    private final long maxBody;
    private final List<byte[]> pool = new ArrayList<>();

    /**
     * @param otherKey, otherX5c a real federation identity that is not the sender (the receiver's own)
     */
    MutatedMessages(long seed, String sender, String receiver, ECPrivateKeyParameters senderKey, List<X509Certificate> senderChain,
            ECPrivateKeyParameters otherKey, List<X509Certificate> otherChain, X509Certificate receiverEncryption, long maxBody) {
        this.r = new Random(seed);
        this.sender = sender;
        this.receiver = receiver;
        this.senderKey = senderKey;
        this.senderX5c = b64(senderChain);
        this.otherKey = otherKey;
        this.otherX5c = b64(otherChain);
        this.receiverEncryption = receiverEncryption;
        this.maxBody = maxBody;
        for (int i = 0; i < 16; i++) {
            pool.add(seal(draft(i % 2 == 0)));
        }
    }

    /** The next case. */
    FuzzCase next() {
        int dice = r.nextInt(100);
        if (dice < 30) {
            return onBytes();
        } else if (dice < 72) {
            return onMember();
        } else if (dice < 84) {
            return onCrypto();
        } else if (dice < 91) {
            return onHeaderStructure();
        } else if (dice < 98) {
            return stillValid();
        }
        return huge();
    }

    // ---------------------------------------------------------------- the bytes of a sealed message, not re-signed

    private FuzzCase onBytes() {
        byte[] m = pool.get(r.nextInt(pool.size())).clone();
        String text = new String(m, StandardCharsets.US_ASCII);
        switch (r.nextInt(17)) {
            case 0: return refusedAny("bytes: truncated", java.util.Arrays.copyOf(m, r.nextInt(m.length)));
            case 1: {
                int i = r.nextInt(m.length);
                m[i] ^= (byte) (1 + r.nextInt(255));
                return refusedAny("bytes: one byte changed", m);
            }
            case 2: {
                for (int k = 1 + r.nextInt(8); k > 0; k--) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
                // several random bytes may by chance rewrite one to itself; at least one must differ
                int i = r.nextInt(m.length);
                m[i] ^= (byte) (1 + r.nextInt(255));
                return refusedAny("bytes: several bytes changed", m);
            }
            case 3: {
                int i = r.nextInt(m.length);
                return refusedAny("bytes: one byte deleted", concat(slice(m, 0, i), slice(m, i + 1, m.length)));
            }
            case 4: {
                int i = r.nextInt(m.length + 1);
                byte b = (byte) pick("A", "_", "-", "=", "+", "/", " ", "\"", "\\", "{", "0").charAt(0);
                // whitespace between tokens would leave the message valid; inside a string it breaks base64url
                if (b == ' ' && !insideString(text, i)) {
                    b = '!';
                }
                return refusedAny("bytes: one byte inserted", concat(slice(m, 0, i), new byte[] {b}, slice(m, i, m.length)));
            }
            case 5: {
                int i = r.nextInt(m.length + 1);
                byte[] bad = pickBytes(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
                return refusedAny("bytes: invalid UTF-8", concat(slice(m, 0, i), bad, slice(m, i, m.length)));
            }
            case 6: {
                String member = pick("protected", "payload", "signature");
                String dup = text.replaceFirst("\\{", "{\"" + member + "\":\"" + memberText(text, member) + "\",");
                return refusedAny("envelope: duplicate member", ascii(dup));
            }
            case 7: {
                String member = pick("protected", "payload", "signature");
                return refusedAny("envelope: missing member", ascii(withoutMember(text, member)));
            }
            case 8: {
                String extra = pick("\"x\":\"y\"", "\"kid\":\"k\"", "\"Protected\":\"" + memberText(text, "protected") + "\"", "\"\":\"\"");
                return refusedAny("envelope: unknown member", ascii(text.replaceFirst("\\{", "{" + extra + ",")));
            }
            case 9: {
                String member = pick("protected", "payload", "signature");
                String v = pick("1", "-0", "1e999", "true", "null", "[]", "{}", "[\"" + memberText(text, member) + "\"]",
                        "{\"" + member + "\":\"" + memberText(text, member) + "\"}", "9".repeat(100));
                return refusedAny("envelope: member of the wrong JSON type",
                        ascii(text.replace("\"" + member + "\":\"" + memberText(text, member) + "\"", "\"" + member + "\":" + v)));
            }
            case 10: {
                String member = pick("protected", "payload", "signature");
                String old = memberText(text, member);
                String bad = switch (r.nextInt(6)) {
                    case 0 -> old + "=";
                    case 1 -> old + "==";
                    case 2 -> old.replace('-', '+').replace('_', '/') + (old.contains("-") || old.contains("_") ? "" : "+");
                    case 3 -> old.substring(0, old.length() / 2) + " " + old.substring(old.length() / 2);
                    case 4 -> old + "A".repeat(Math.floorMod(1 - old.length(), 4)); // a length no base64 text has
                    default -> old.substring(0, old.length() / 2) + "\\n" + old.substring(old.length() / 2);
                };
                if (bad.equals(old)) {
                    bad = old + "!";
                }
                return refusedAny("envelope: not base64url", ascii(text.replace("\"" + member + "\":\"" + old + "\"", "\"" + member + "\":\"" + bad + "\"")));
            }
            case 11: {
                // protected of one sealed message, payload and signature of another: signed, but not together
                byte[] other = pool.get(r.nextInt(pool.size()));
                String o = new String(other, StandardCharsets.US_ASCII);
                if (memberText(o, "protected").equals(memberText(text, "protected"))) {
                    other = pool.get((pool.indexOf(other) + 1) % pool.size());
                    o = new String(other, StandardCharsets.US_ASCII);
                }
                String mixed = "{\"protected\":\"" + memberText(o, "protected") + "\",\"payload\":\"" + memberText(text, "payload")
                        + "\",\"signature\":\"" + memberText(text, "signature") + "\"}";
                return refusedAny("envelope: parts of two messages", ascii(mixed));
            }
            case 12: {
                String junk = pick("", " ", "null", "true", "0", "\"text\"", "[]", "{}", "[{}]", "{\"protected\":null}", "{,}",
                        "{\"protected\":\"\",\"payload\":\"\",\"signature\":\"\"}", "NaN", "{'protected':'x'}", "/* */{}");
                return refusedAny("envelope: other JSON or none", ascii(junk));
            }
            case 13: {
                byte[] noise = new byte[r.nextInt(4096)];
                r.nextBytes(noise);
                return refusedAny("bytes: random", noise);
            }
            case 14: {
                String around = pick("\uFEFF%s", "%s,", "%s{}", "%s//", "[%s]", "%s\u0000", "%s }", "{\"a\":%s}");
                byte[] b = String.format(around, text).getBytes(StandardCharsets.UTF_8);
                return refusedAny("envelope: around the object", b);
            }
            case 15: return refusedAny("bytes: UTF-16", text.getBytes(r.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16));
            default: {
                // a control character or an escape inside one of the three strings
                String member = pick("protected", "payload", "signature");
                String old = memberText(text, member);
                int at = r.nextInt(old.length() + 1);
                String ins = pick("\\u0000", "\\n", "\\t", "\\u00e9", "\\ud800", "\t", "\u0001");
                return refusedAny("envelope: escape or control character in a member",
                        text.replace("\"" + member + "\":\"" + old + "\"", "\"" + member + "\":\"" + old.substring(0, at) + ins + old.substring(at) + "\"")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    // ---------------------------------------------------------------- one header member, re-signed

    private FuzzCase onMember() {
        String member = pick(ALL_MEMBERS);
        // kid, ek and iv mean something only when the body is encrypted
        boolean encrypted = member.equals("kid") || member.equals("ek") || member.equals("iv") || r.nextInt(4) == 0;
        Draft d = draft(encrypted);
        String family;
        FuzzCase c;
        int kind = r.nextInt(8);
        switch (kind) {
            case 0 -> {
                family = "member: wrong JSON type";
                JsonNode v = wrongType(member);
                if (v == null) {
                    d.raw = pick("1.0", "1e0", "-1.5", "1E2");
                    set(d.header, member, TextNode.valueOf(RAW));
                } else {
                    set(d.header, member, v);
                }
                c = refused(family, d, MALFORMED);
            }
            case 1 -> {
                family = "member: missing";
                remove(d.header, member);
                c = REQUIRED.contains(member) || (encrypted && Set.of("kid", "ek", "iv").contains(member))
                        ? refused(family, d, MALFORMED) : accepted(family, d);
            }
            case 2 -> {
                family = "member: too long";
                c = tooLong(d, member, family);
            }
            case 3 -> {
                family = "member: at the store's length";
                Integer max = LIMIT.get(member);
                if (max == null || member.endsWith(".node")) {
                    family = "member: unknown member added";
                    d.header.put("x-" + member, text(r.nextInt(2000)));
                    c = accepted(family, d);
                } else {
                    String v = member.equals("id") ? printableAscii(max) : text(max);
                    set(d.header, member, TextNode.valueOf(v));
                    c = accepted(family, d);
                }
            }
            case 4 -> {
                family = "member: control character";
                c = controlCharacter(d, member, family);
            }
            case 5 -> {
                family = "member: unpaired surrogate";
                c = unpairedSurrogate(d, member, family);
            }
            case 6 -> {
                family = "member: odd but valid text";
                c = oddButValid(d, member, family);
            }
            default -> {
                family = "member: wrong value";
                c = wrongValue(d, member, family);
            }
        }
        return c;
    }

    private JsonNode wrongType(String member) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> choices = new ArrayList<>(List.of(f.numberNode(42), f.numberNode(-1L), f.booleanNode(true),
                f.nullNode(), f.arrayNode().add("SM2-SM3"), f.objectNode().put("node", sender), f.textNode("1"), f.arrayNode()));
        choices.removeIf(v -> switch (member) {
            case "v" -> v.isIntegralNumber();
            case "x5c" -> v.isArray() && !v.isEmpty(); // an empty array is refused too: x5c must hold the signing certificate
            case "from", "to" -> v.isObject();
            default -> v.isTextual();
        });
        if (member.equals("v") && r.nextInt(4) == 0) {
            return null; // a number that is not an integer: raw JSON
        }
        if (member.equals("x5c") && r.nextBoolean()) {
            ArrayNode a = f.arrayNode();
            a.add(senderX5c.get(0));
            a.add(r.nextBoolean() ? f.numberNode(1) : f.nullNode());
            return a;
        }
        return choices.get(r.nextInt(choices.size()));
    }

    private FuzzCase tooLong(Draft d, String member, String family) {
        Integer max = LIMIT.get(member);
        int extra = 1 + (r.nextBoolean() ? r.nextInt(8) : r.nextInt(60_000));
        switch (member) {
            case "v" -> {
                boolean longerThanJsonAllows = r.nextBoolean();
                d.raw = digits(longerThanJsonAllows ? 65 + r.nextInt(2000) : 11 + r.nextInt(50));
                set(d.header, member, TextNode.valueOf(RAW));
                // the reader takes numbers of up to 64 digits (TepJson); such a number is a version nobody supports
                return refused(family, d, longerThanJsonAllows ? MALFORMED : UNSUPPORTED);
            }
            case "x5c" -> {
                ArrayNode a = (ArrayNode) d.header.get("x5c");
                byte[] noise = new byte[extra];
                r.nextBytes(noise);
                a.insert(r.nextInt(a.size() + 1), Base64.getEncoder().encodeToString(noise));
                return refused(family, d, CERT_UNTRUSTED);
            }
            case "from", "to" -> {
                ((ObjectNode) d.header.get(member)).put("org", text(65 + extra));
                return refused(family, d, MALFORMED);
            }
            default -> {
            }
        }
        String v = member.equals("id") ? printableAscii(max + extra) : text((max == null ? 300 : max) + extra);
        set(d.header, member, TextNode.valueOf(v));
        if (max != null || member.equals("iat") || member.equals("exp")) {
            return refused(family, d, MALFORMED);
        }
        return switch (member) {
            case "alg", "enc" -> refused(family, d, UNSUPPORTED);
            default -> refused(family, d, DECRYPTION_FAILED); // kid, ek, iv of an encrypted body
        };
    }

    private FuzzCase controlCharacter(Draft d, String member, String family) {
        if (!isString(member)) {
            member = pick(STRING_MEMBERS);
            d = draft(d.encrypted || Set.of("kid", "ek", "iv").contains(member));
        }
        int k = r.nextInt(10);
        char ctl = k == 0 ? (char) 0x7f : k == 1 ? (char) (0x80 + r.nextInt(0x20)) : (char) r.nextInt(0x20); // C0, DEL, C1
        String old = get(d.header, member);
        if (old == null) {
            old = "";
        }
        int at = r.nextInt(old.length() + 1);
        set(d.header, member, TextNode.valueOf(old.substring(0, at) + ctl + old.substring(at)));
        return refused(family, d, expectedForBadText(member, d.encrypted));
    }

    private FuzzCase unpairedSurrogate(Draft d, String member, String family) {
        if (!isString(member)) {
            member = pick(STRING_MEMBERS);
            d = draft(d.encrypted || Set.of("kid", "ek", "iv").contains(member));
        }
        String old = get(d.header, member);
        if (old == null) {
            old = "";
        }
        int at = r.nextInt(old.length() + 1);
        // written as JSON escapes: the bytes stay valid UTF-8, the decoded string is not Unicode text
        String escape = pick("\\ud800", "\\udfff", "\\ude00\\ud83d", "\\ud83d\\ud83d");
        d.raw = "\"" + jsonEscaped(old.substring(0, at)) + escape + jsonEscaped(old.substring(at)) + "\"";
        set(d.header, member, TextNode.valueOf(RAW));
        return refused(family, d, expectedForBadText(member, d.encrypted));
    }

    /** The refusal for a string member holding text that is not allowed there. */
    private static String expectedForBadText(String member, boolean encrypted) {
        if (CHECKED_TEXT.contains(member) || member.equals("iat") || member.equals("exp")) {
            return MALFORMED;
        }
        return DECRYPTION_FAILED; // ek, iv: not base64url (only ever mutated on an encrypted body)
    }

    private FuzzCase oddButValid(Draft d, String member, String family) {
        String[] candidates = {"ref", "conv", "svc", "cty", "from.org", "to.org", "id", "iat", "exp"};
        if (!Set.of(candidates).contains(member)) {
            member = pick(candidates);
        }
        String v = switch (member) {
            case "id" -> pick("not-a-uuid", "A", "{}", "id/with/slashes", "';DROP_TABLE_inbound_message;--", "%00", "..", "~")
                    + "-" + r.nextInt(1_000_000_000);
            case "iat" -> iat(OffsetDateTime.now(MessageSealer.CST).plusSeconds(r.nextInt(200)).withNano(r.nextInt(1_000_000_000)), true);
            case "exp" -> iat(OffsetDateTime.parse(get(d.header, "iat")).plusDays(7), r.nextBoolean());
            default -> pick("案件-" + r.nextInt(1000), "\u2028line\u2029sep", "\u202Eevil\u202C", "😀".repeat(1 + r.nextInt(30)),
                    "\uFEFFbom", "a\\b\"c", "<script>alert(1)</script>", "${jndi:ldap://x}", "%s%n", "\u00a0", "");
        };
        set(d.header, member, TextNode.valueOf(v));
        if (member.equals("cty") && v.isEmpty()) {
            v = "x";
            set(d.header, member, TextNode.valueOf(v));
        }
        return accepted(family, d);
    }

    private FuzzCase wrongValue(Draft d, String member, String family) {
        OffsetDateTime now = OffsetDateTime.now(MessageSealer.CST).truncatedTo(ChronoUnit.SECONDS);
        switch (member) {
            case "v" -> {
                set(d.header, member, JsonNodeFactory.instance.numberNode(pick(0L, 2L, -1L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE)));
                return refused(family, d, UNSUPPORTED);
            }
            case "alg" -> {
                set(d.header, member, TextNode.valueOf(pick("sm2-sm3", "SM2", "RS256", "none", "", "SM2-SM3 ", "ＳＭ2-SM3")));
                return refused(family, d, UNSUPPORTED);
            }
            case "enc" -> {
                set(d.header, member, TextNode.valueOf(pick("sm4-gcm", "NONE", "", "A256GCM", "SM4-CBC", " none")));
                return refused(family, d, UNSUPPORTED);
            }
            case "x5c" -> {
                int k = r.nextInt(4);
                if (k == 0) {
                    d.header.set("x5c", array(otherX5c)); // another node's real chain, signed with its real key
                    d.key = otherKey;
                    return refused(family, d, SENDER_MISMATCH);
                } else if (k == 1) {
                    d.header.set("x5c", array(List.of("!!!", senderX5c.get(0))));
                    return refused(family, d, CERT_UNTRUSTED);
                } else if (k == 2) {
                    d.header.set("x5c", array(senderX5c.subList(1, senderX5c.size()).isEmpty() ? List.of("AAAA") : senderX5c.subList(1, senderX5c.size())));
                    return refused(family, d, CERT_UNTRUSTED, SENDER_MISMATCH, SIGNATURE_INVALID);
                }
                d.header.set("x5c", array(List.of(Base64Url.encode(Base64.getDecoder().decode(senderX5c.get(0))))));
                return refused(family, d, CERT_UNTRUSTED);
            }
            case "id" -> {
                set(d.header, member, TextNode.valueOf(pick("", " ", "a b", "é", "id\u00a0x")));
                return refused(family, d, MALFORMED);
            }
            case "from", "from.node" -> {
                ((ObjectNode) d.header.get("from")).put("node", pick(receiver, "110000", "", "13000", "130000 ", "*", "000000"));
                return refused(family, d, SENDER_MISMATCH);
            }
            case "to", "to.node" -> {
                ((ObjectNode) d.header.get("to")).put("node", pick(sender, "110000", "", "37000", "370000 ", "*", "000000", "３７００００"));
                return refused(family, d, WRONG_RECIPIENT);
            }
            case "iat" -> {
                int k = r.nextInt(5);
                if (k == 0) {
                    // a minute past the 300 s of skew allowed, so that a case that waits on a slow machine stays refused
                    set(d.header, member, TextNode.valueOf(iat(now.plusSeconds(360 + r.nextInt(1_000_000)), false)));
                    return refused(family, d, EXPIRED);
                } else if (k == 1) {
                    set(d.header, member, TextNode.valueOf(pick("9999-12-31T23:59:59+08:00", "0000-01-01T00:00:00Z", "1970-01-01T00:00:00Z")));
                    return refused(family, d, EXPIRED);
                } else if (k == 2) {
                    set(d.header, member, TextNode.valueOf(iat(now.minusDays(8), false)));
                    return refused(family, d, EXPIRED); // exp - iat over 7 days
                }
                set(d.header, member, TextNode.valueOf(badTime(now)));
                return refused(family, d, MALFORMED);
            }
            case "exp" -> {
                int k = r.nextInt(4);
                if (k == 0) {
                    set(d.header, member, TextNode.valueOf(iat(now.minusSeconds(1 + r.nextInt(100_000)), false)));
                    return refused(family, d, EXPIRED);
                } else if (k == 1) {
                    set(d.header, member, TextNode.valueOf(pick("9999-12-31T23:59:59+08:00", iat(now.plusDays(8), false))));
                    return refused(family, d, EXPIRED);
                }
                set(d.header, member, TextNode.valueOf(badTime(now)));
                return refused(family, d, MALFORMED);
            }
            case "kid" -> {
                String kid = get(d.header, "kid");
                set(d.header, member, TextNode.valueOf(pick(kid.toUpperCase(), kid.substring(1), "0".repeat(64), "")));
                return refused(family, d, DECRYPTION_FAILED);
            }
            case "ek" -> {
                byte[] ek = Base64Url.decode(get(d.header, "ek"));
                int k = r.nextInt(4);
                if (k == 0) {
                    ek[r.nextInt(ek.length)] ^= (byte) (1 + r.nextInt(255));
                } else if (k == 1) {
                    ek = java.util.Arrays.copyOf(ek, r.nextInt(ek.length));
                } else if (k == 2) {
                    byte[] cek = new byte[r.nextBoolean() ? 15 : 32];
                    r.nextBytes(cek);
                    ek = Sm2.encrypt(Sm2PublicKeys.of(receiverEncryption), cek); // a content key of the wrong size
                } else {
                    ek = new byte[r.nextInt(200)];
                    r.nextBytes(ek);
                }
                set(d.header, member, TextNode.valueOf(Base64Url.encode(ek)));
                return refused(family, d, DECRYPTION_FAILED);
            }
            case "iv" -> {
                byte[] iv = new byte[pick(0, 1, 11, 13, 16, 64)];
                r.nextBytes(iv);
                set(d.header, member, TextNode.valueOf(Base64Url.encode(iv)));
                return refused(family, d, DECRYPTION_FAILED);
            }
            default -> {
                // ref, conv, type, svc, org, cty: any text within limits is theirs to choose: a different one is valid
                String v = text(1 + r.nextInt(member.endsWith("org") ? 63 : 100));
                set(d.header, member.equals("from") ? "from.org" : member.equals("to") ? "to.org" : member, TextNode.valueOf(v));
                return accepted(family, d);
            }
        }
    }

    private String badTime(OffsetDateTime now) {
        String t = iat(now, false);
        return pick(t.substring(0, 19), t.replace('T', ' '), t.replace("+08:00", "+25:00"), t.replace("+08:00", "+0800"),
                "2026-02-30T10:00:00+08:00", "2026-13-01T10:00:00+08:00", t.substring(0, 17) + "60+08:00", "yesterday",
                t.replace("+08:00", "+08:00[Asia/Shanghai]"), "１" + t.substring(1), t + " ", t.replace('T', 't'),
                String.valueOf(now.toEpochSecond()), "");
    }

    // ---------------------------------------------------------------- signature, payload and ciphertext, re-signed

    private FuzzCase onCrypto() {
        boolean encrypted = r.nextBoolean();
        Draft d = draft(encrypted);
        switch (r.nextInt(9)) {
            case 0: {
                d.key = otherKey; // a real federation key, not the one x5c names
                return refused("signature: another node's key", d, SIGNATURE_INVALID);
            }
            case 1: {
                d.tamperSignature = s -> {
                    s = s.clone();
                    s[r.nextInt(s.length)] ^= (byte) (1 + r.nextInt(255));
                    return s;
                };
                return refused("signature: one byte changed", d, SIGNATURE_INVALID);
            }
            case 2: {
                d.tamperSignature = s -> switch (r.nextInt(5)) {
                    case 0 -> new byte[0];
                    case 1 -> java.util.Arrays.copyOf(s, r.nextInt(s.length));
                    case 2 -> concat(s, new byte[] {0});
                    case 3 -> new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
                    default -> {
                        byte[] b = new byte[r.nextInt(20_000)];
                        r.nextBytes(b);
                        yield b;
                    }
                };
                return refused("signature: not an SM2 signature", d, SIGNATURE_INVALID);
            }
            case 3: {
                d.payloadText = pick("!!", "YQ==", "YR", "a", "Zm9v+/", "Zm9v\u00e9", "Zm9v YmFy", "Zm9v\nYmFy");
                return refused("payload: signed text that is not base64url", d, MALFORMED);
            }
            case 4: {
                d.protectedText = pick("eyJ2IjoxfQ==", "eyJ2IjoxfR", "e30", "W10", "bnVsbA", "IjEi", "");
                return refused("protected: signed text that is not a header", d, MALFORMED);
            }
            case 5: {
                if (!encrypted) {
                    d = draft(true);
                }
                d.tamperBody = c -> {
                    c = c.clone();
                    c[r.nextInt(c.length)] ^= (byte) (1 + r.nextInt(255));
                    return c;
                };
                return refused("ciphertext: tampered, re-signed", d, DECRYPTION_FAILED);
            }
            case 6: {
                if (!encrypted) {
                    d = draft(true);
                }
                d.tamperBody = c -> r.nextBoolean() ? java.util.Arrays.copyOf(c, r.nextInt(Math.min(c.length, 16))) : new byte[0];
                return refused("ciphertext: shorter than its tag, re-signed", d, DECRYPTION_FAILED);
            }
            case 7: {
                if (!encrypted) {
                    d = draft(true);
                }
                d.aad = "another protected header"; // GCM bound to the wrong AAD
                return refused("ciphertext: bound to another header, re-signed", d, DECRYPTION_FAILED);
            }
            default: {
                // a plaintext body is the sender's business: any bytes, including none and non-UTF-8
                d = draft(false);
                byte[] b = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(10_000)];
                r.nextBytes(b);
                d.body = b;
                return accepted("payload: any plaintext bytes", d);
            }
        }
    }

    // ---------------------------------------------------------------- the header's JSON itself, re-signed

    private FuzzCase onHeaderStructure() {
        Draft d = draft(r.nextInt(4) == 0);
        switch (r.nextInt(8)) {
            case 0: {
                String member = pick("v", "alg", "id", "type", "to", "from", "enc", "cty", "conv", "iat");
                d.rawHeader = h -> h.replaceFirst("\\{", "{\"" + member + "\":" + pick("1", "\"x\"", "null", "{}") + ",");
                return refused("header: duplicate member", d, MALFORMED);
            }
            case 1: {
                d.headerBytes = ascii(pick("[]", "null", "1", "\"header\"", "true", "[{}]", ""));
                return refused("header: not an object", d, MALFORMED);
            }
            case 2: {
                d.rawHeader = h -> h + pick(" {}", ",", "x", "\u0000", "}", "//");
                return refused("header: trailing text", d, MALFORMED);
            }
            case 3: {
                int depth = 65 + r.nextInt(10_000);
                d.rawHeader = h -> h.replaceFirst("\\{", "{\"x-deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",");
                return refused("header: nested deeper than the reader allows", d, MALFORMED);
            }
            case 4: {
                d.rawHeader = h -> h.replaceFirst("\\{", "{\"x-num\":" + digits(65 + r.nextInt(100_000)) + ",");
                return refused("header: number longer than the reader allows", d, MALFORMED);
            }
            case 5: {
                d.rawHeader = h -> h.replaceFirst("\\{", "{/* c */");
                return refused("header: JSON extension", d, MALFORMED);
            }
            case 6: {
                d.rawHeaderBytes = h -> {
                    byte[] b = h.getBytes(StandardCharsets.UTF_8);
                    int at = h.indexOf("\"conv\":\"") + 8;
                    return concat(slice(b, 0, at), pickBytes(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3},
                            new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}), slice(b, at, b.length));
                };
                return refused("header: invalid UTF-8", d, MALFORMED);
            }
            default: {
                d.rawHeaderBytes = h -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, h.getBytes(StandardCharsets.UTF_8));
                return refused("header: byte order mark", d, MALFORMED);
            }
        }
    }

    // ---------------------------------------------------------------- changes that leave a valid message

    private FuzzCase stillValid() {
        Draft d = draft(r.nextBoolean());
        switch (r.nextInt(5)) {
            case 0: {
                // JSON allows whitespace between tokens; the signed strings are unchanged
                byte[] m = seal(d);
                String t = new String(m, StandardCharsets.US_ASCII);
                String ws = pick(" ", "\n", "\t", "\r\n", "  \n\t");
                t = t.replace("{", "{" + ws).replace(",", ws + "," + ws).replace(":", ws + ":").replace("}", ws + "}") + ws;
                return FuzzCase.accepted("valid: whitespace between tokens", ascii(t), d.id(), true);
            }
            case 1: {
                // a string written with JSON escapes is the same string
                byte[] m = seal(d);
                String t = new String(m, StandardCharsets.US_ASCII);
                String member = pick("protected", "payload", "signature");
                String old = memberText(t, member);
                if (old.isEmpty()) {
                    return FuzzCase.accepted("valid: member written with escapes", m, d.id(), true);
                }
                int at = r.nextInt(old.length());
                String esc = String.format("\\u%04x", (int) old.charAt(at));
                t = t.replace("\"" + member + "\":\"" + old + "\"", "\"" + member + "\":\"" + old.substring(0, at) + esc + old.substring(at + 1) + "\"");
                return FuzzCase.accepted("valid: member written with escapes", ascii(t), d.id(), true);
            }
            case 2: {
                byte[] m = seal(d);
                String t = new String(m, StandardCharsets.US_ASCII);
                String reordered = "{\"signature\":\"" + memberText(t, "signature") + "\",\"payload\":\"" + memberText(t, "payload")
                        + "\",\"protected\":\"" + memberText(t, "protected") + "\"}";
                return FuzzCase.accepted("valid: members in another order", ascii(reordered), d.id(), true);
            }
            case 3: {
                ObjectNode unknown = d.header.putObject("x-ext");
                unknown.put("n", r.nextLong()).put("s", text(r.nextInt(5000))).putArray("a").add(1.5).add(false).addNull();
                d.rawHeader = h -> h.replaceFirst("\\{", "{\"x-nested\":" + "[".repeat(60) + "]".repeat(60) + ",");
                return accepted("valid: unknown header members", d);
            }
            default: {
                // the receiver's own node as org-less address, extra optional members at their limits
                d.header.put("ref", UUID.randomUUID().toString());
                d.header.put("svc", text(256));
                ((ObjectNode) d.header.get("from")).put("org", "91370000MA3C4XXX0Y");
                return accepted("valid: all optional members", d);
            }
        }
    }

    // ---------------------------------------------------------------- large inputs

    private FuzzCase huge() {
        switch (r.nextInt(5)) {
            case 0: return refusedAny("huge: 100k '['", ascii("[".repeat(100_000)));
            case 1: return refusedAny("huge: 100k nested objects", ascii("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
            case 2: {
                String num = digits(200_000);
                return refusedAny("huge: 200k-digit number", ascii("{\"protected\":" + num + ",\"payload\":\"\",\"signature\":\"\"}"));
            }
            case 3: {
                byte[] b = new byte[(int) maxBody + 1 + r.nextInt(1024)];
                java.util.Arrays.fill(b, (byte) 'A');
                return FuzzCase.refused("huge: over the body limit", b, null, false, TOO_LARGE);
            }
            default: {
                // a member just under the body limit: big, but refused by the parser, not the size check
                return refusedAny("huge: one enormous member", ascii("{\"protected\":\"" + "A".repeat((int) maxBody - 100) + "\"}"));
            }
        }
    }

    // ---------------------------------------------------------------- sealing with the sender's real key

    /** A message as the sender would write it, about to be sealed; mutations change its parts first. */
    final class Draft {
        final ObjectNode header = TepJson.MAPPER.createObjectNode();
        final boolean encrypted;
        byte[] body;
        byte[] cek;
        byte[] iv;
        ECPrivateKeyParameters key = senderKey;
        String raw;                                    // raw JSON put where a member holds RAW
        UnaryOperator<String> rawHeader = h -> h;
        java.util.function.Function<String, byte[]> rawHeaderBytes;
        byte[] headerBytes;
        String aad;
        String protectedText;
        String payloadText;
        UnaryOperator<byte[]> tamperBody = b -> b;
        UnaryOperator<byte[]> tamperSignature = s -> s;

        Draft(boolean encrypted) {
            this.encrypted = encrypted;
        }

        String id() {
            JsonNode n = header.get("id");
            return n != null && n.isTextual() ? n.textValue() : null;
        }

        boolean ping() {
            JsonNode n = header.get("type");
            return n != null && PING.equals(n.textValue());
        }
    }

    Draft draft(boolean encrypted) {
        Draft d = new Draft(encrypted);
        ObjectNode h = d.header;
        OffsetDateTime iat = OffsetDateTime.now(MessageSealer.CST).truncatedTo(ChronoUnit.SECONDS);
        h.put("v", 1);
        h.put("alg", "SM2-SM3");
        h.set("x5c", array(senderX5c));
        h.put("id", UUID.randomUUID().toString());
        if (r.nextBoolean()) {
            h.put("ref", UUID.randomUUID().toString());
        }
        h.put("conv", "CASE-FUZZ-" + r.nextInt(100_000));
        h.put("type", PING);
        if (r.nextBoolean()) {
            h.put("svc", "11370300MB28579060000117006000");
        }
        ObjectNode from = h.putObject("from").put("node", sender);
        if (r.nextBoolean()) {
            from.put("org", "91130000MA0FUZZ00X");
        }
        ObjectNode to = h.putObject("to").put("node", receiver);
        if (r.nextBoolean()) {
            to.put("org", "11370000004300070H");
        }
        h.put("iat", iat(iat, false));
        h.put("exp", iat(iat.plus(Duration.ofDays(1)), false));
        h.put("enc", encrypted ? "SM4-GCM" : "none");
        d.body = ("{\"ping\":" + r.nextInt(1000) + "}").getBytes(StandardCharsets.UTF_8);
        if (encrypted) {
            d.cek = new byte[Sm4Gcm.KEY_BYTES];
            d.iv = new byte[Sm4Gcm.IV_BYTES];
            r.nextBytes(d.cek);
            r.nextBytes(d.iv);
            h.put("kid", ReceiverKeys.kidOf(receiverEncryption));
            h.put("ek", Base64Url.encode(Sm2.encrypt(Sm2PublicKeys.of(receiverEncryption), d.cek)));
            h.put("iv", Base64Url.encode(d.iv));
        }
        h.put("cty", "application/json");
        return d;
    }

    byte[] seal(Draft d) {
        byte[] hb;
        if (d.headerBytes != null) {
            hb = d.headerBytes;
        } else {
            String json = new String(TepJson.write(d.header), StandardCharsets.UTF_8);
            if (d.raw != null) {
                json = json.replace("\"" + RAW + "\"", d.raw);
            }
            json = d.rawHeader.apply(json);
            hb = d.rawHeaderBytes != null ? d.rawHeaderBytes.apply(json) : json.getBytes(StandardCharsets.UTF_8);
        }
        String prot = d.protectedText != null ? d.protectedText : Base64Url.encode(hb);
        byte[] body = d.encrypted
                ? Sm4Gcm.encrypt(d.cek, d.iv, (d.aad != null ? d.aad : prot).getBytes(StandardCharsets.US_ASCII), d.body)
                : d.body;
        body = d.tamperBody.apply(body);
        String pay = d.payloadText != null ? d.payloadText : Base64Url.encode(body);
        byte[] sig = d.tamperSignature.apply(Sm2.sign(d.key, (prot + "." + pay).getBytes(StandardCharsets.UTF_8)));
        String m = "{\"protected\":\"" + prot + "\",\"payload\":\"" + jsonEscaped(pay) + "\",\"signature\":\"" + Base64Url.encode(sig) + "\"}";
        return m.getBytes(StandardCharsets.UTF_8);
    }

    private FuzzCase refused(String family, Draft d, String... codes) {
        return FuzzCase.refused(family, seal(d), d.id(), d.ping(), codes);
    }

    private FuzzCase accepted(String family, Draft d) {
        return FuzzCase.accepted(family, seal(d), d.id(), d.ping());
    }

    private static FuzzCase refusedAny(String family, byte[] body) {
        return FuzzCase.refused(family, body, null, false);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isString(String member) {
        return List.of(STRING_MEMBERS).contains(member);
    }

    private static void set(ObjectNode h, String path, JsonNode v) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            h.set(path, v);
        } else {
            ((ObjectNode) h.get(path.substring(0, dot))).set(path.substring(dot + 1), v);
        }
    }

    private static void remove(ObjectNode h, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            h.remove(path);
        } else {
            ((ObjectNode) h.get(path.substring(0, dot))).remove(path.substring(dot + 1));
        }
    }

    private static String get(ObjectNode h, String path) {
        int dot = path.indexOf('.');
        JsonNode n = dot < 0 ? h.get(path) : h.get(path.substring(0, dot)).get(path.substring(dot + 1));
        return n == null ? null : n.textValue();
    }

    private static String iat(OffsetDateTime t, boolean keepNanos) {
        return (keepNanos ? t : t.truncatedTo(ChronoUnit.SECONDS)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Text of exactly {@code n} UTF-16 units, mixing ASCII, CJK and astral characters, without control characters. */
    private String text(int n) {
        StringBuilder b = new StringBuilder(n);
        while (b.length() < n) {
            int k = r.nextInt(10);
            if (k < 6) {
                b.append((char) (0x20 + r.nextInt(0x5f)));
            } else if (k < 9) {
                b.append((char) (0x4e00 + r.nextInt(0x5000)));
            } else if (n - b.length() >= 2) {
                b.appendCodePoint(0x1F600 + r.nextInt(0x40));
            }
        }
        return b.toString();
    }

    private String printableAscii(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) (0x21 + r.nextInt(0x5e)));
        }
        return b.toString();
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n).append((char) ('1' + r.nextInt(9)));
        while (b.length() < n) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private byte[] pickBytes(byte[]... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = TepJson.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static List<String> b64(List<X509Certificate> chain) {
        List<String> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                out.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return List.copyOf(out);
    }

    private static String jsonEscaped(String s) {
        String q = new String(TepJson.write(s), StandardCharsets.UTF_8);
        return q.substring(1, q.length() - 1);
    }

    /** The text of a top-level string member of a sealed message (no escapes in what the sealer writes). */
    static String memberText(String message, String member) {
        int at = message.indexOf("\"" + member + "\":\"");
        if (at < 0) {
            return "";
        }
        int start = at + member.length() + 4;
        return message.substring(start, message.indexOf('"', start));
    }

    private static String withoutMember(String message, String member) {
        String m = "\"" + member + "\":\"" + memberText(message, member) + "\"";
        return message.replace("," + m, "").replace(m + ",", "");
    }

    private static boolean insideString(String text, int at) {
        int quotes = 0;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
