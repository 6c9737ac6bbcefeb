package cn.tongban.hub.adapters.licence;

import cn.tongban.hub.cases.LicenceId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;

/** The client against the simulator on a free loopback port: every verdict, and a library that is down. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenceLibraryClientTest {
    static final String BUSINESS_LICENCE = "1.2.156.3005.2.11100000MB0341008E001.11370300MB2857008L.370303202300001.001.3";
    static final String ENTERPRISE = "91370303MA3C4K2TXC";
    static final String DRIVING_LICENCE = "1.2.156.3005.2.11100000000019115H007.11370300MB28570325.370300200000123.001.E";
    static final String PERSON = "11010519491231002X";
    static final String REVOKED = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
    static final String REVOKED_HOLDER = "440524188001010014";
    static final String EXPIRED = "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0";
    static final String EXPIRED_HOLDER = "11370800MB28559184";

    final Instant now = Instant.now();
    final Clock clock = Clock.systemUTC();
    CertificateAuthority ca;
    Credential signer;
    LicenceLibrarySimulator sim;
    LicenceLibraryClient client;

    @BeforeAll
    void start() throws Exception {
        ca = CertificateAuthority.newRoot("Licence Test CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        signer = ca.issueLeaf("Licence Library", "Licence Signer", List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        sim = new LicenceLibrarySimulator(signer.sm2Key(), signer.certificate(), clock).loadDemoData();
        sim.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = clientTrusting(sim.baseUrl(), SignerTrust.of(List.of(), List.of(ca.certificate())));
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @AfterEach
    void noFaults() {
        sim.faults();
    }

    LicenceLibraryClient clientTrusting(URI base, SignerTrust trust) {
        return new LicenceLibraryClient(base, Duration.ofSeconds(2), Duration.ofSeconds(2), trust, clock);
    }

    LicenceCheck.Result check(String id, String holder) throws LicenceLibraryUnavailable {
        return client.check(new LicenceCheck.Request(id, holder, "CASE-T-1", "审核"));
    }

    static String licenceId(String serial) {
        return LicenceId.of("11100000MB0341008E001", "11370300MB2857008L", serial, "001");
    }

    static Map<String, String> licence(String id, String holder, String status, String from, String until) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("证照标识", id);
        l.put("证照名称", "营业执照");
        l.put("持证主体", "测试有限公司");
        l.put("持证主体代码", holder);
        l.put("持证主体代码类型", "001");
        l.put("有效期起始日期", from);
        l.put("有效期截止日期", until);
        l.put("status", status);
        return l;
    }

    @Test
    void identifiersOfDomainMdPassTheirCheckAndAChangedCharacterFails() throws Exception {
        for (String id : List.of(REVOKED, EXPIRED, "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F")) {
            assertThat(LicenceId.problem(id)).as(id).isNull();
        }
        assertThat(LicenceId.problem(REVOKED.substring(0, REVOKED.length() - 1) + "V")).contains("check character V is wrong");
        assertThat(LicenceId.problem(REVOKED.replace("20230000403", "20230000404"))).contains("is wrong (MOD 37,36 gives");
        assertThat(LicenceId.problem("1.2.156.3005.2.11100000000013338W011.11430000006122244L.2023.01.U")).contains("not a licence identifier");
        assertThat(LicenceId.problem(REVOKED.toLowerCase())).contains("not a licence identifier");
        assertThat(LicenceId.problem(null)).isNotNull();
        assertThat(new LicenceLibrarySimulator(signer.sm2Key(), signer.certificate(), clock).loadDemoData().licences().keySet())
                .allMatch(LicenceId::isValid).hasSize(5);
    }

    @Test
    void aValidBusinessLicenceOfAnOrganisation() throws Exception {
        LicenceCheck.Result r = check(BUSINESS_LICENCE, ENTERPRISE);
        assertThat(r.valid()).isTrue();
        assertThat(r.status()).isEqualTo("valid");
        assertThat(r.signatureVerified()).isTrue();
        assertThat(r.licenceId()).isEqualTo(BUSINESS_LICENCE);
        assertThat(r.metadata()).containsEntry("证照名称", "营业执照").containsEntry("持证主体代码", ENTERPRISE)
                .containsEntry("有效期截止日期", "长期").doesNotContainKeys("status", "nonce", "statusAt");
        assertThat(r.checkedAt().getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
    }

    @Test
    void aValidLicenceOfAPersonWhateverTheCaseOfTheCheckCharacter() throws Exception {
        LicenceCheck.Result r = check(DRIVING_LICENCE, PERSON.toLowerCase());
        assertThat(r.valid()).isTrue();
        assertThat(r.metadata()).containsEntry("证照名称", "机动车驾驶证").containsEntry("持证主体代码类型", "111");
    }

    @Test
    void aWrongHolderLearnsNothingOfTheLicence() throws Exception {
        LicenceCheck.Result r = check(BUSINESS_LICENCE, "91350200776049653A");
        assertThat(r.valid()).isFalse();
        assertThat(r.status()).isEqualTo("wrong-holder");
        assertThat(r.signatureVerified()).isFalse();
        assertThat(r.metadata()).isEmpty();
    }

    @Test
    void aWrongHolderIsCaughtInTheSignedDataWhenTheLibraryDoesNotCompare() throws Exception {
        sim.faults(LicenceLibrarySimulator.Fault.IGNORE_HOLDER);
        LicenceCheck.Result r = check(BUSINESS_LICENCE, PERSON);
        assertThat(r.status()).isEqualTo("wrong-holder");
        assertThat(r.valid()).isFalse();
        assertThat(r.signatureVerified()).isTrue();
        assertThat(r.metadata()).isEmpty();
    }

    @Test
    void anUnknownLicence() throws Exception {
        LicenceCheck.Result r = check(licenceId("UNKNOWN0001"), ENTERPRISE);
        assertThat(r.status()).isEqualTo("unknown");
        assertThat(r.valid()).isFalse();
    }

    @Test
    void aRevokedLicenceKeepsItsMetadata() throws Exception {
        LicenceCheck.Result r = check(REVOKED, REVOKED_HOLDER);
        assertThat(r.status()).isEqualTo("revoked");
        assertThat(r.valid()).isFalse();
        assertThat(r.signatureVerified()).isTrue();
        assertThat(r.metadata()).containsKey("证照名称");
    }

    @Test
    void expiredByTheLibrarysStatusOrByTheSignedDates() throws Exception {
        assertThat(check(EXPIRED, EXPIRED_HOLDER).status()).isEqualTo("expired");
        String lagging = licenceId("LAGGING0001");
        sim.put(licence(lagging, ENTERPRISE, "valid", "2020-01-01", "2024-12-31"));
        LicenceCheck.Result r = check(lagging, ENTERPRISE);
        assertThat(r.status()).isEqualTo("expired");
        assertThat(r.reason()).contains("2024-12-31");
        String future = licenceId("FUTURE0001");
        sim.put(licence(future, ENTERPRISE, "valid", "2098-01-01", "2099-12-31"));
        assertThat(check(future, ENTERPRISE).status()).isEqualTo("not-yet-valid");
        String odd = licenceId("ODDSTATUS01");
        sim.put(licence(odd, ENTERPRISE, "suspended", "2020-01-01", "长期"));
        assertThat(check(odd, ENTERPRISE).status()).isEqualTo("bad-response");
    }

    @Test
    void tamperedDataOrSignatureIsABadSignature() throws Exception {
        sim.faults(LicenceLibrarySimulator.Fault.TAMPERED_DATA);
        LicenceCheck.Result r = check(EXPIRED, EXPIRED_HOLDER);
        assertThat(r.status()).isEqualTo("bad-signature");
        assertThat(r.signatureVerified()).isFalse();
        assertThat(r.metadata()).isEmpty();
        sim.faults(LicenceLibrarySimulator.Fault.TAMPERED_SIGNATURE);
        assertThat(check(BUSINESS_LICENCE, ENTERPRISE).status()).isEqualTo("bad-signature");
    }

    @Test
    void anAnswerWithoutThisRequestsNonceIsStale() throws Exception {
        sim.faults(LicenceLibrarySimulator.Fault.NO_NONCE);
        LicenceCheck.Result r = check(BUSINESS_LICENCE, ENTERPRISE);
        assertThat(r.status()).isEqualTo("stale-response");
        assertThat(r.valid()).isFalse();
    }

    @Test
    void aSignerOutsideTheConfiguredTrustIsRefusedAndAPinnedOneAccepted() throws Exception {
        CertificateAuthority other = CertificateAuthority.newRoot("Other CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Credential stranger = other.issueLeaf("Elsewhere", "Signer", List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        try (LicenceLibrarySimulator rogue = new LicenceLibrarySimulator(stranger.sm2Key(), stranger.certificate(), clock).loadDemoData()) {
            rogue.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LicenceCheck.Result r = clientTrusting(rogue.baseUrl(), SignerTrust.of(List.of(), List.of(ca.certificate())))
                    .check(new LicenceCheck.Request(BUSINESS_LICENCE, ENTERPRISE, null, null));
            assertThat(r.status()).isEqualTo("untrusted-signer");
            assertThat(r.signatureVerified()).isFalse();
            // the same library with its certificate pinned
            LicenceCheck.Result pinned = clientTrusting(rogue.baseUrl(), SignerTrust.of(List.of(stranger.certificate()), List.of()))
                    .check(new LicenceCheck.Request(BUSINESS_LICENCE, ENTERPRISE, null, null));
            assertThat(pinned.valid()).isTrue();
            // pinning our signer does not make the stranger trusted
            assertThat(clientTrusting(rogue.baseUrl(), SignerTrust.of(List.of(signer.certificate()), List.of()))
                    .check(new LicenceCheck.Request(BUSINESS_LICENCE, ENTERPRISE, null, null)).status()).isEqualTo("untrusted-signer");
        }
    }

    @Test
    void anExpiredSignerCertificateIsUntrusted() throws Exception {
        Credential old = ca.issueLeaf("Licence Library", "Old Signer", List.of(), now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        try (LicenceLibrarySimulator lib = new LicenceLibrarySimulator(old.sm2Key(), old.certificate(), clock).loadDemoData()) {
            lib.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LicenceCheck.Result r = clientTrusting(lib.baseUrl(), SignerTrust.of(List.of(), List.of(ca.certificate())))
                    .check(new LicenceCheck.Request(BUSINESS_LICENCE, ENTERPRISE, null, null));
            assertThat(r.status()).isEqualTo("untrusted-signer");
            assertThat(r.reason()).contains("EXPIRED");
        }
    }

    @Test
    void aBadCheckCharacterIsRefusedBeforeAnyCall() throws Exception {
        int before = sim.requests();
        String wrongCheck = BUSINESS_LICENCE.substring(0, BUSINESS_LICENCE.length() - 1) + "4";
        LicenceCheck.Result r = check(wrongCheck, ENTERPRISE);
        assertThat(r.status()).isEqualTo("malformed-id");
        assertThat(r.reason()).contains("check character 4 is wrong (MOD 37,36 gives 3)");
        assertThat(check("not-a-licence", ENTERPRISE).status()).isEqualTo("malformed-id");
        assertThat(check(BUSINESS_LICENCE, " ").status()).isEqualTo("bad-request");
        assertThat(sim.requests()).isEqualTo(before);
    }

    @Test
    void aLibraryThatIsDownIsRetryableNotAVerdict() throws Exception {
        LicenceLibraryClient nowhere = clientTrusting(URI.create("http://127.0.0.1:" + HubFixture.freePort() + "/"),
                SignerTrust.of(List.of(), List.of(ca.certificate())));
        assertThatThrownBy(() -> nowhere.check(new LicenceCheck.Request(BUSINESS_LICENCE, ENTERPRISE, null, null)))
                .isInstanceOf(LicenceLibraryUnavailable.class).hasMessageContaining("unreachable");
        sim.faults(LicenceLibrarySimulator.Fault.UNAVAILABLE);
        assertThatThrownBy(() -> check(BUSINESS_LICENCE, ENTERPRISE))
                .isInstanceOf(LicenceLibraryUnavailable.class).hasMessageContaining("answered 503");
        sim.faults(LicenceLibrarySimulator.Fault.SLOW);
        sim.slowness(Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> check(BUSINESS_LICENCE, ENTERPRISE))
                .isInstanceOf(LicenceLibraryUnavailable.class).hasMessageContaining("HttpTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void configuredFromPropertiesWithCertificateFiles(@TempDir Path dir) throws Exception {
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, Pem.toPem(ca.certificate()));
        LicenceLibraryProperties p = new LicenceLibraryProperties();
        p.setBaseUrl(URI.create(sim.baseUrl().toString().replaceAll("/$", "")));
        p.setTrustRoots(List.of(caFile));
        assertThat(LicenceLibraryClient.from(p, clock).check(new LicenceCheck.Request(BUSINESS_LICENCE, ENTERPRISE, null, null))
                .valid()).isTrue();
        LicenceLibraryProperties none = new LicenceLibraryProperties();
        none.setBaseUrl(sim.baseUrl());
        assertThatThrownBy(() -> LicenceLibraryClient.from(none, clock)).hasMessageContaining("set signer-certificates or trust-roots");
    }
}
