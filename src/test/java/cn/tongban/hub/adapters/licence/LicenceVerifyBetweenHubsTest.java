package cn.tongban.hub.adapters.licence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;

/**
 * 免提交 end to end: two real hubs on loopback. 370000 (Shandong, where the licences are held) has the
 * simulated licence library behind it; 130000 (Hebei, handling the case) has none and asks 370000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenceVerifyBetweenHubsTest {
    static final String HOLDER_REGION = "370000";
    static final String HANDLING_REGION = "130000";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    LicenceLibrarySimulator library;
    HubFixture holderHub;
    HubFixture handlingHub;

    @BeforeAll
    void start() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.newRoot("Shandong Licence Library CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        Credential signer = ca.issueLeaf("Shandong Licence Library", "Signer", List.of(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        Path caFile = tmp.resolve("library-ca.pem");
        Files.writeString(caFile, Pem.toPem(ca.certificate()));
        library = new LicenceLibrarySimulator(signer.sm2Key(), signer.certificate(), Clock.systemUTC()).loadDemoData();
        library.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        Path fed = tmp.resolve("federation");
        LoopbackFederation federation = LoopbackFederation.create(fed, HOLDER_REGION, HANDLING_REGION);
        holderHub = new HubFixture(HOLDER_REGION, fed, tmp.resolve("data"), federation.port(HOLDER_REGION))
                .set("tongban.adapters.licence.enabled", "true")
                .set("tongban.adapters.licence.base-url", library.baseUrl().toString())
                .set("tongban.adapters.licence.trust-roots[0]", caFile.toString())
                .set("tongban.adapters.licence.responder-attempts", "2");
        handlingHub = new HubFixture(HANDLING_REGION, fed, tmp.resolve("data"), federation.port(HANDLING_REGION))
                .set("tongban.adapters.licence.remote-timeout", "60s");
        holderHub.start();
        handlingHub.start();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {handlingHub, holderHub, library}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    @AfterEach
    void noFaults() {
        library.faults();
    }

    LicenceCheck.Result askHolderRegion(String licenceId, String holder, String caseId) throws Exception {
        return handlingHub.bean(LicenceVerifier.class)
                .verifyRemote(HOLDER_REGION, new LicenceCheck.Request(licenceId, holder, caseId, "跨省通办 受理审查"))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theHandlingRegionChecksLicencesHeldInTheApplicantsRegion() throws Exception {
        LicenceCheck.Result r = askHolderRegion(LicenceLibraryClientTest.BUSINESS_LICENCE, LicenceLibraryClientTest.ENTERPRISE,
                "CASE-LIC-1");
        assertThat(r.valid()).isTrue();
        assertThat(r.status()).isEqualTo("valid");
        assertThat(r.signatureVerified()).isTrue();
        assertThat(r.licenceId()).isEqualTo(LicenceLibraryClientTest.BUSINESS_LICENCE);
        assertThat(r.metadata()).containsEntry("证照名称", "营业执照").containsEntry("持证主体代码", LicenceLibraryClientTest.ENTERPRISE)
                .containsKey("颁发机构");
        assertThat(r.checkedAt()).isNotNull();

        LicenceCheck.Result person = askHolderRegion(LicenceLibraryClientTest.DRIVING_LICENCE, LicenceLibraryClientTest.PERSON,
                "CASE-LIC-2");
        assertThat(person.valid()).isTrue();
        assertThat(person.metadata()).containsEntry("证照名称", "机动车驾驶证");
        assertThat(handlingHub.bean(LicenceVerifier.class).pending()).isZero();
    }

    @Test
    void aWrongHolderIsNotValidAndGetsNoMetadata() throws Exception {
        LicenceCheck.Result r = askHolderRegion(LicenceLibraryClientTest.BUSINESS_LICENCE, "91350200776049653A", "CASE-LIC-3");
        assertThat(r.valid()).isFalse();
        assertThat(r.status()).isEqualTo("wrong-holder");
        assertThat(r.metadata()).isEmpty();
        assertThat(askHolderRegion(LicenceLibraryClientTest.REVOKED, LicenceLibraryClientTest.REVOKED_HOLDER, "CASE-LIC-4").status())
                .isEqualTo("revoked");
    }

    @Test
    void aMalformedIdentifierIsAnsweredWithoutSendingAnything() throws Exception {
        int before = library.requests();
        CompletableFuture<LicenceCheck.Result> f = handlingHub.bean(LicenceVerifier.class).verifyRemote(HOLDER_REGION,
                new LicenceCheck.Request("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V",
                        LicenceLibraryClientTest.REVOKED_HOLDER, "CASE-LIC-5", null));
        assertThat(f).isCompleted();
        assertThat(f.get().status()).isEqualTo("malformed-id");
        assertThat(handlingHub.bean(LicenceVerifier.class).pending()).isZero();
        assertThat(library.requests()).isEqualTo(before);
    }

    @Test
    void aHubWithoutALibraryAnswersNotConfigured() throws Exception {
        LicenceCheck.Result r = holderHub.bean(LicenceVerifier.class)
                .verifyRemote(HANDLING_REGION, new LicenceCheck.Request(LicenceLibraryClientTest.BUSINESS_LICENCE,
                        LicenceLibraryClientTest.ENTERPRISE, "CASE-LIC-6", null))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.valid()).isFalse();
        assertThat(r.status()).isEqualTo("not-configured");
    }

    @Test
    void aLibraryThatStaysDownIsReportedAfterTheResponderRetried() throws Exception {
        library.faults(LicenceLibrarySimulator.Fault.UNAVAILABLE);
        int before = library.requests();
        LicenceCheck.Result r = askHolderRegion(LicenceLibraryClientTest.BUSINESS_LICENCE, LicenceLibraryClientTest.ENTERPRISE,
                "CASE-LIC-7");
        assertThat(r.valid()).isFalse();
        assertThat(r.status()).isEqualTo("library-unavailable");
        assertThat(library.requests() - before).isEqualTo(2);
    }
}
