package cn.tongban.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.SharedFiles;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.trust.TrustStore;

/**
 * Header texts the hub stores, logs and routes on must fit the store and hold no control characters: a
 * properly signed message that breaks this is MALFORMED, not a 503 at storage that its sender would retry.
 */
class HeaderLimitsTest {
    static final Path PKI = SharedFiles.vectors().resolve("pki");

    private static byte[] sealed(SealRequest.Builder b) throws Exception {
        MessageSealer sealer = new MessageSealer(Pem.readSm2PrivateKey(PKI.resolve("370000.key"), null),
                Pem.readCertificates(PKI.resolve("370000.pem")), Clock.systemUTC());
        return sealer.seal(b.body("{}".getBytes()).build()).bytes();
    }

    private static MessageOpener opener() throws Exception {
        return new MessageOpener(TrustStore.of(Pem.readCertificates(PKI.resolve("root.pem")), List.of()), Clock.systemUTC(),
                "130000", null, null);
    }

    @Test
    void overLongOrControlCharacterMembersAreMalformedEvenWhenSigned() throws Exception {
        MessageOpener o = opener();
        assertThat(o.open(sealed(SealRequest.builder("370000", "130000", "case.submit").conv("CASE-1"))).header().type())
                .isEqualTo("case.submit");
        // a surrogate pair is one character (😀), not an unpaired surrogate
        assertThat(o.open(sealed(SealRequest.builder("370000", "130000", "case.submit").conv("CASE-😀-案件"))).header().conv())
                .isEqualTo("CASE-😀-案件");
        for (SealRequest.Builder bad : List.of(
                SealRequest.builder("370000", "130000", "x".repeat(257)),
                SealRequest.builder("370000", "130000", "case.submit").conv("c".repeat(1025)),
                SealRequest.builder("370000", "130000", "case.submit").conv("CASE-1\nforged log line"),
                SealRequest.builder("370000", "130000", "case.submit").svc("a\u0000b"),
                // found by EndpointFuzzTest: C1 controls (NEL breaks log lines too) and unpaired surrogates,
                // which a JSON escape can spell but no UTF-8 store keeps as signed
                SealRequest.builder("370000", "130000", "case.submit").conv("CASE-1\u0085forged log line"),
                SealRequest.builder("370000", "130000", "case.submit").conv("CASE-1\ud800"),
                SealRequest.builder("370000", "130000", "case\udc00.submit"),
                SealRequest.builder("370000", "130000", "case.submit").cty("application/json\ude00\ud83d"))) {
            byte[] m = sealed(bad);
            assertThatThrownBy(() -> o.open(m)).isInstanceOfSatisfying(Refusal.class,
                    r -> assertThat(r.code()).isEqualTo(RefusalCode.MALFORMED));
        }
    }
}
