package cn.tongban.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.SharedFiles;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryRefused;
import cn.tongban.hub.directory.DirectoryVerdict;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.trust.TrustStore;

/** Every conformance vector of {@code shared/tep-vectors} (made with OpenSSL 3 and Python) through the opener. */
class VectorConformanceTest {
    static final Path V = SharedFiles.vectors();

    static JsonNode index() throws Exception {
        return TepJson.read(Files.readAllBytes(V.resolve("index.json")));
    }

    static Stream<Arguments> vectors() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : index().get("vectors")) {
            out.add(Arguments.of(v.get("file").asText(), v.get("receiver").asText(), v.get("now").asText(), v.get("expect").asText()));
        }
        return out.stream();
    }

    static TrustStore trust() throws Exception {
        return TrustStore.of(Pem.readCertificates(V.resolve("pki/root.pem")), List.of());
    }

    static MessageOpener openerFor(String receiver, String now) throws Exception {
        X509Certificate cert = Pem.readCertificate(V.resolve("pki/" + receiver + ".pem"));
        ReceiverKeys keys = ReceiverKeys.of(cert, Pem.readSm2PrivateKey(V.resolve("pki/" + receiver + ".key"), null));
        Clock clock = Clock.fixed(OffsetDateTime.parse(now).toInstant(), ZoneOffset.UTC);
        return new MessageOpener(trust(), clock, receiver, keys, null);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("vectors")
    void vectorGivesItsOutcome(String file, String receiver, String now, String expect) throws Exception {
        MessageOpener opener = openerFor(receiver, now);
        byte[] raw = Files.readAllBytes(V.resolve(file));
        if (expect.equals("ACCEPT")) {
            OpenedMessage m = opener.open(raw);
            assertThat(new String(m.plaintext(), StandardCharsets.UTF_8)).isEqualTo(index().get("plaintext").asText());
            assertThat(m.header().from().node()).isEqualTo("370000");
        } else {
            assertThatThrownBy(() -> opener.open(raw))
                    .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code().name()).isEqualTo(expect));
        }
    }

    @Test
    void directoriesGiveTheirOutcomes() throws Exception {
        int checked = 0;
        for (JsonNode d : index().get("directories")) {
            String file = d.get("file").asText();
            String expect = d.get("expect").asText();
            java.time.Instant now = OffsetDateTime.parse(d.has("now") ? d.get("now").asText()
                    : index().get("vectors").get(0).get("now").asText()).toInstant();
            Directory previous = null;
            if (d.has("after")) {
                previous = DirectoryVerifier.verify(Files.readAllBytes(V.resolve(d.get("after").asText())), trust(), now, null);
            }
            byte[] raw = Files.readAllBytes(V.resolve(file));
            if (expect.equals("TRUSTED")) {
                Directory dir = DirectoryVerifier.verify(raw, trust(), now, previous);
                assertThat(dir.nodes()).containsKeys("370000", "130000");
                assertThat(dir.version()).isPositive();
            } else {
                Directory prev = previous;
                assertThatThrownBy(() -> DirectoryVerifier.verify(raw, trust(), now, prev))
                        .isInstanceOfSatisfying(DirectoryRefused.class,
                                e -> assertThat(e.verdict()).isEqualTo(DirectoryVerdict.valueOf(expect.split(" ")[0])));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }
}
