package cn.tongban.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.trust.TrustStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * Properties of the protocol core over generated input: (a) no single alteration of a valid message — one
 * character of a member, a top-level member removed or added, a header member changed and re-encoded — is
 * ever accepted; (b) what is sealed opens to exactly the same body and header.
 */
class MessageProperties {
    static final Instant NOW = Instant.parse("2026-11-22T04:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String A = "370000";
    static final String B = "130000";
    static final List<String> TOP_LEVEL = List.of("protected", "payload", "signature");
    /** Every header member a sealer writes, optional ones included. */
    static final List<String> HEADER_MEMBERS = List.of("v", "alg", "x5c", "id", "ref", "conv", "type", "svc", "from",
            "to", "iat", "exp", "enc", "kid", "ek", "iv", "cty");
    static final String B64U = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** Certificates and keys, made once per run (SM2 key generation and signing dominate the cost). */
    static final class Federation {
        static final Credential SENDER;
        static final Credential RECEIVER;
        static final MessageSealer SEALER;
        static final MessageOpener OPENER;
        static final SealedMessage PLAIN;
        static final SealedMessage ENCRYPTED;

        static {
            Instant from = NOW.minus(Duration.ofDays(1));
            Instant until = NOW.plus(Duration.ofDays(365));
            CertificateAuthority root = CertificateAuthority.newRoot("Property Root CA", from, until);
            CertificateAuthority inter = root.newIntermediate("Property Intermediate CA", from, until);
            SENDER = inter.issueNode(A, from, until);
            RECEIVER = inter.issueNode(B, from, until);
            Credential signer = inter.issueDirectorySigner(from, until);
            TrustStore trust = TrustStore.of(List.of(root.certificate()), List.of());
            SealedMessage dir = new DirectoryPublisher(signer.sm2Key(), signer.chain(), CLOCK).publish(1, List.of(
                    new DirectoryPublisher.Entry(A, "A", "https://a/", SENDER.certificate(), SENDER.certificate(), List.of(),
                            DirectoryPublisher.acceptAll()),
                    new DirectoryPublisher.Entry(B, "B", "https://b/", RECEIVER.certificate(), RECEIVER.certificate(), List.of(),
                            DirectoryPublisher.acceptAll())), List.of());
            Directory directory;
            try {
                directory = DirectoryVerifier.verify(dir.bytes(), trust, NOW, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            SEALER = new MessageSealer(SENDER.sm2Key(), SENDER.chain(), CLOCK);
            OPENER = new MessageOpener(trust, CLOCK, B, ReceiverKeys.of(RECEIVER.certificate(), RECEIVER.sm2Key()), directory);
            // every optional member present, so that header alterations reach them too
            SealRequest.Builder r = SealRequest.builder(A, B, "case.submit")
                    .from(new NodeAddress(A, "91370000MA3C5XXXXA")).to(new NodeAddress(B, "11130000000000000X"))
                    .conv("CASE-1").ref("7d5e4b0c-0000-4000-8000-000000000001").svc("11370300MB2857906000011700600")
                    .body("{\"caseId\":\"CASE-1\",\"note\":\"跨省通办\"}".getBytes(StandardCharsets.UTF_8));
            PLAIN = SEALER.seal(r.build());
            ENCRYPTED = SEALER.seal(r.encryptTo(RECEIVER.certificate()).build());
        }
    }

    static SealedMessage baseline(boolean encrypted) {
        return encrypted ? Federation.ENCRYPTED : Federation.PLAIN;
    }

    static void refused(byte[] raw) {
        assertThatThrownBy(() -> Federation.OPENER.open(raw)).isInstanceOf(Refusal.class);
    }

    static void refused(byte[] raw, RefusalCode code) {
        assertThatThrownBy(() -> Federation.OPENER.open(raw))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
    }

    static ObjectNode top(SealedMessage m) {
        return (ObjectNode) TepJson.read(m.bytes());
    }

    // ------------------------------------------------------------------ (a) alterations are refused

    @Example
    void theBaselinesAreAccepted() throws Refusal {
        // without this, every alteration property below would hold vacuously
        for (boolean enc : new boolean[] {false, true}) {
            OpenedMessage m = Federation.OPENER.open(baseline(enc).bytes());
            assertThat(m.header().encrypted()).isEqualTo(enc);
            assertThat(new String(m.plaintext(), StandardCharsets.UTF_8)).contains("跨省通办");
        }
    }

    @Property(tries = 500)
    void changingOneCharacterOfAMemberIsRefused(@ForAll boolean encrypted, @ForAll("topLevel") String member,
                                                @ForAll("positions") int position, @ForAll("replacements") char replacement) {
        ObjectNode m = top(baseline(encrypted));
        String value = m.get(member).textValue();
        int i = position % value.length();
        char c = replacement != value.charAt(i) ? replacement : B64U.charAt((B64U.indexOf(replacement) + 1) % B64U.length());
        String changed = value.substring(0, i) + c + value.substring(i + 1);
        assertThat(changed).isNotEqualTo(value);
        m.put(member, changed);
        refused(TepJson.write(m));
    }

    @Property(tries = 50)
    void removingATopLevelMemberIsMalformed(@ForAll boolean encrypted, @ForAll("topLevel") String member) {
        ObjectNode m = top(baseline(encrypted));
        m.remove(member);
        refused(TepJson.write(m), RefusalCode.MALFORMED);
    }

    @Property(tries = 300)
    void addingATopLevelMemberIsMalformed(@ForAll boolean encrypted, @ForAll("memberNames") String name,
                                          @ForAll("jsonValues") JsonNode value) {
        // spliced into the text, so that a name already present makes a duplicate member rather than a replacement
        String text = baseline(encrypted).text();
        String extra = "," + TepJson.MAPPER.valueToTree(name) + ":" + value;
        String altered = text.substring(0, text.lastIndexOf('}')) + extra + "}";
        refused(altered.getBytes(StandardCharsets.UTF_8), RefusalCode.MALFORMED);
    }

    enum Change { REMOVE, REPLACE, CHANGE_ONE_CHARACTER, ADD_UNKNOWN }

    @Property(tries = 500)
    void alteringAHeaderMemberIsRefused(@ForAll boolean encrypted, @ForAll("headerMembers") String member,
                                        @ForAll Change change, @ForAll("jsonValues") JsonNode value,
                                        @ForAll("positions") int position, @ForAll("replacements") char replacement) {
        SealedMessage base = baseline(encrypted);
        ObjectNode h = (ObjectNode) TepJson.read(Base64Url.decode(base.protectedText()));
        switch (change) {
            case REMOVE -> h.remove(member);
            case REPLACE -> h.set(member, value);
            case ADD_UNKNOWN -> h.set("x-" + member + "-" + position, value);
            case CHANGE_ONE_CHARACTER -> h.set(member, changeOneCharacter(h.get(member), position, replacement));
        }
        String p = Base64Url.encode(TepJson.write(h));
        Assume.that(!p.equals(base.protectedText()));   // e.g. removing a member the message does not have
        ObjectNode m = top(base);
        m.put("protected", p);
        refused(TepJson.write(m));
    }

    /** One character of the first string found in {@code n} (depth first) changed; a new string if there is none. */
    static JsonNode changeOneCharacter(JsonNode n, int position, char replacement) {
        if (n == null || n.isNull()) {
            return JsonNodeFactory.instance.textNode(String.valueOf(replacement));
        }
        if (n.isTextual()) {
            String s = n.textValue();
            if (s.isEmpty()) {
                return JsonNodeFactory.instance.textNode(String.valueOf(replacement));
            }
            int i = position % s.length();
            char c = replacement != s.charAt(i) ? replacement : (char) (replacement + 1);
            return JsonNodeFactory.instance.textNode(s.substring(0, i) + c + s.substring(i + 1));
        }
        if (n.isNumber()) {
            return JsonNodeFactory.instance.numberNode(n.asLong() + 1 + position % 5);
        }
        JsonNode copy = n.deepCopy();
        if (copy instanceof ArrayNode arr && !arr.isEmpty()) {
            int i = position % arr.size();
            arr.set(i, changeOneCharacter(arr.get(i), position, replacement));
        } else if (copy instanceof ObjectNode obj && !obj.isEmpty()) {
            Iterator<String> names = obj.fieldNames();
            String first = names.next();
            obj.set(first, changeOneCharacter(obj.get(first), position, replacement));
        } else {
            return JsonNodeFactory.instance.textNode(String.valueOf(replacement));
        }
        return copy;
    }

    // ------------------------------------------------------------------ (b) seal -> open round trip

    @Property(tries = 300)
    void openingGivesBackExactlyWhatWasSealed(@ForAll("bodies") byte[] body, @ForAll boolean encrypted,
                                              @ForAll("texts") String type, @ForAll("texts") String conv,
                                              @ForAll("optionalTexts") String svc, @ForAll("optionalTexts") String ref,
                                              @ForAll("optionalTexts") String fromOrg, @ForAll("optionalTexts") String toOrg,
                                              @ForAll("texts") String cty) throws Refusal {
        SealRequest.Builder r = SealRequest.builder(A, B, type)
                .from(new NodeAddress(A, fromOrg)).to(new NodeAddress(B, toOrg))
                .conv(conv).svc(svc).ref(ref).cty(cty).body(body);
        if (encrypted) {
            r.encryptTo(Federation.RECEIVER.certificate());
        }
        SealedMessage sealed = Federation.SEALER.seal(r.build());
        OpenedMessage opened = Federation.OPENER.open(sealed.bytes());

        assertThat(opened.plaintext()).isEqualTo(body);
        assertThat(opened.header()).isEqualTo(sealed.header());
        TepHeader h = opened.header();
        assertThat(h.type()).isEqualTo(type);
        assertThat(h.conv()).isEqualTo(conv);
        assertThat(h.svc()).isEqualTo(svc);
        assertThat(h.ref()).isEqualTo(ref);
        assertThat(h.from()).isEqualTo(new NodeAddress(A, fromOrg));
        assertThat(h.to()).isEqualTo(new NodeAddress(B, toOrg));
        assertThat(h.cty()).isEqualTo(cty);
        assertThat(h.enc()).isEqualTo(encrypted ? "SM4-GCM" : "none");
        if (encrypted && body.length > 0) {
            assertThat(opened.message().body()).isNotEqualTo(body);
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> topLevel() {
        return Arbitraries.of(TOP_LEVEL);
    }

    @Provide
    Arbitrary<String> headerMembers() {
        return Arbitraries.of(HEADER_MEMBERS);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1 << 20);
    }

    /** Mostly characters of the base64url alphabet (the change survives decoding), sometimes anything else. */
    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(B64U.chars().mapToObj(c -> (char) c).toList())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of('=', '+', '/', ' ', '.', '"', '\\', '\n', 'é', '中')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().filter(c -> !Character.isSurrogate(c))));
    }

    @Provide
    Arbitrary<String> memberNames() {
        return Arbitraries.oneOf(Arbitraries.of(TOP_LEVEL), texts());
    }

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                texts().map(f::textNode),
                Arbitraries.integers().map(i -> (JsonNode) f.numberNode(i)),
                Arbitraries.of((JsonNode) f.booleanNode(true), f.booleanNode(false), f.nullNode(), f.numberNode(1.5)));
        Arbitrary<JsonNode> arrays = scalars.list().ofMaxSize(3).map(l -> {
            ArrayNode a = f.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(texts(), scalars).as((k, v) -> {
            ObjectNode o = f.objectNode();
            o.set(k, v);
            return o;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalars), net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }

    /**
     * Any Unicode text (supplementary planes included; lone surrogates not, nor C0/C1 control characters, which
     * the hub refuses in the header members it stores and logs: HeaderLimitsTest).
     */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> anyCodePoint = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(24)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(24),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(12), anyCodePoint)
                .filter(t -> t.chars().noneMatch(Character::isISOControl));
    }

    @Provide
    Arbitrary<String> optionalTexts() {
        return texts().injectNull(0.3);
    }

    /** 0 to 64 KiB, sizes spread evenly so that large bodies are as likely as small ones. */
    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64 * 1024)
                .withSizeDistribution(RandomDistribution.uniform());
    }
}
