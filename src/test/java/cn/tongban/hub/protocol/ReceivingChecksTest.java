package cn.tongban.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2PublicKeys;
import cn.tongban.hub.crypto.Sm3;
import cn.tongban.hub.crypto.Sm4Gcm;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.trust.TrustStore;

/**
 * TEP-1 §4 checks the shared vectors cannot express (they need certificates, CRLs and directories made for the
 * purpose), the exact time boundaries of step 8, and the order of checks for messages failing several.
 * Where a refusal could have another cause, a control beside it differs only in the fault, so a pass is no accident.
 */
class ReceivingChecksTest {
    static final Instant NOW = Instant.parse("2026-11-22T04:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ZoneOffset CST = MessageSealer.CST;
    static final String A = "370000";
    static final String B = "130000";
    static final String C = "110000";
    static final byte[] BODY = "{\"caseId\":\"CASE-1\",\"note\":\"跨省通办 · 异地代收代办\"}".getBytes(StandardCharsets.UTF_8);

    static CertificateAuthority root;
    static CertificateAuthority inter;
    static CertificateAuthority interTwin;      // same name as inter, other key: its CRLs prove nothing
    static CertificateAuthority revokedInter;
    static CertificateAuthority rogueRoot;
    static Credential a;
    static Credential aSecond;
    static Credential aExpired;
    static Credential aNotYetValid;
    static Credential aEndsNow;
    static Credential aStartsNow;
    static Credential aRevoked;
    static Credential aNoSan;
    static Credential aUnderRevokedInter;
    static Credential aRogue;
    static Credential aUnderExpiredInter;
    static Credential aUnderExpiredRoot;
    static Credential aUnderNonCa;
    static CertificateAuthority expiredRoot;
    static Credential b;
    static Credential c;
    static Credential dirSigner;
    static X509CRL interCrl;
    static X509CRL twinCrl;
    static X509CRL rootCrl;
    static TrustStore trust;
    static Directory onlySubmitOfS1FromA;
    static MessageOpener aOpener;
    static MessageOpener bOpener;

    @BeforeAll
    static void federation() {
        Instant from = NOW.minus(Duration.ofDays(30));
        Instant until = NOW.plus(Duration.ofDays(365));
        root = CertificateAuthority.newRoot("Test Root CA", from, NOW.plus(Duration.ofDays(3650)));
        inter = root.newIntermediate("Test Intermediate CA", from, NOW.plus(Duration.ofDays(3000)));
        interTwin = root.newIntermediate("Test Intermediate CA", from, NOW.plus(Duration.ofDays(3000)));
        revokedInter = root.newIntermediate("Revoked Intermediate CA", from, NOW.plus(Duration.ofDays(3000)));
        rogueRoot = CertificateAuthority.newRoot("Test Root CA", from, NOW.plus(Duration.ofDays(3650)));
        a = inter.issueNode(A, from, until);
        aSecond = inter.issueNode(A, from, until);
        aExpired = inter.issueNode(A, from, NOW.minusSeconds(1));
        aNotYetValid = inter.issueNode(A, NOW.plusSeconds(1), until);
        aEndsNow = inter.issueNode(A, from, NOW);
        aStartsNow = inter.issueNode(A, NOW, until);
        aRevoked = inter.issueNode(A, from, until);
        aNoSan = inter.issueLeaf("Tongban Node " + A, A, List.of(), from, until);
        aUnderRevokedInter = revokedInter.issueNode(A, from, until);
        aRogue = rogueRoot.issueNode(A, from, until);
        aUnderExpiredInter = root.newIntermediate("Expired Intermediate CA", from, NOW.minusSeconds(1)).issueNode(A, from, until);
        expiredRoot = CertificateAuthority.newRoot("Expired Root CA", from, NOW.minusSeconds(1));
        aUnderExpiredRoot = expiredRoot.newIntermediate("Intermediate Under Expired Root", from, until).issueNode(A, from, until);
        aUnderNonCa = new CertificateAuthority(a).issueNode(A, from, until);   // a node certificate is no CA
        b = inter.issueNode(B, from, until);
        c = inter.issueNode(C, from, until);
        dirSigner = inter.issueDirectorySigner(from, until);
        interCrl = inter.revoke(List.of(aRevoked.certificate()), NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(7)));
        twinCrl = interTwin.revoke(List.of(a.certificate()), NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(7)));
        rootCrl = root.revoke(List.of(revokedInter.certificate()), NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(7)));
        trust = TrustStore.of(List.of(root.certificate()), List.of());
        onlySubmitOfS1FromA = directory(a.certificate(), List.of(accept("case.submit", List.of("S1"), List.of(A))), List.of());
        Directory listsA = listing(a);
        aOpener = new MessageOpener(trust, CLOCK, A, keys(a), listsA);
        bOpener = openerB(listsA);
    }

    // ------------------------------------------------------------------ helpers

    static MessageSealer sealer(Credential cred) {
        return new MessageSealer(cred.sm2Key(), cred.chain(), CLOCK);
    }

    static MessageSealer sealer(Credential cred, List<X509Certificate> x5c) {
        return new MessageSealer(cred.sm2Key(), x5c, CLOCK);
    }

    static ReceiverKeys keys(Credential cred) {
        return ReceiverKeys.of(cred.certificate(), cred.sm2Key());
    }

    static MessageOpener openerB(TrustStore t, SenderPolicy p) {
        return new MessageOpener(t, CLOCK, B, keys(b), p);
    }

    static MessageOpener openerB(SenderPolicy p) {
        return openerB(trust, p);
    }

    static Directory.Acceptance accept(String type, List<String> svc, List<String> from) {
        return new Directory.Acceptance(type, svc, from);
    }

    /** A verified directory listing {@code aSign} as 370000's signing certificate; 130000 accepts {@code bAccepts}. */
    static Directory directory(X509Certificate aSign, List<Directory.Acceptance> bAccepts, List<X509CRL> crls) {
        List<DirectoryPublisher.Entry> entries = List.of(
                new DirectoryPublisher.Entry(A, "Node A", "https://a.example/tep", aSign, a.certificate(), List.of(),
                        DirectoryPublisher.acceptAll()),
                new DirectoryPublisher.Entry(B, "Node B", "https://b.example/tep", b.certificate(), b.certificate(),
                        List.of(), bAccepts),
                new DirectoryPublisher.Entry(C, "Node C", "https://c.example/tep", c.certificate(), c.certificate(),
                        List.of(), DirectoryPublisher.acceptAll()));
        SealedMessage d = new DirectoryPublisher(dirSigner.sm2Key(), dirSigner.chain(), CLOCK).publish(1, entries, crls);
        try {
            return DirectoryVerifier.verify(d.bytes(), trust, NOW, null);
        } catch (Exception e) {
            throw new AssertionError("the test directory does not verify", e);
        }
    }

    static Directory listing(Credential aCred) {
        return directory(aCred.certificate(), DirectoryPublisher.acceptAll(), List.of());
    }

    static SealRequest.Builder toB() {
        return SealRequest.builder(A, B, "case.submit").conv("CASE-1").body(BODY);
    }

    static OffsetDateTime cst(Instant t) {
        return OffsetDateTime.ofInstant(t, CST);
    }

    /** RFC 3339 with seconds always written (OffsetDateTime.toString drops ":00"). */
    static String iso(Instant t) {
        return cst(t).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static void accepted(MessageOpener o, byte[] raw) throws Refusal {
        OpenedMessage m = o.open(raw);
        assertThat(m.plaintext()).isEqualTo(BODY);
    }

    static void refused(MessageOpener o, byte[] raw, RefusalCode code) {
        assertThatThrownBy(() -> o.open(raw))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
    }

    static ObjectNode headerOf(SealedMessage m) {
        return (ObjectNode) TepJson.read(Base64Url.decode(m.protectedText()));
    }

    static String protect(ObjectNode h) {
        return Base64Url.encode(TepJson.write(h));
    }

    static byte[] message(String p, String pl, String sig) {
        ObjectNode m = TepJson.MAPPER.createObjectNode();
        m.put("protected", p);
        m.put("payload", pl);
        m.put("signature", sig);
        return TepJson.write(m);
    }

    /** A message with these member texts, properly signed by {@code signer}. */
    static byte[] signed(Credential signer, String p, String pl) {
        byte[] sig = Sm2.sign(signer.sm2Key(), (p + "." + pl).getBytes(StandardCharsets.US_ASCII));
        return message(p, pl, Base64Url.encode(sig));
    }

    /** The message with its payload replaced but its old signature kept: a bad signature. */
    static byte[] badSignature(SealedMessage m) {
        ObjectNode msg = (ObjectNode) TepJson.read(m.bytes());
        msg.put("payload", Base64Url.encode("{\"forged\":true}".getBytes(StandardCharsets.UTF_8)));
        return TepJson.write(msg);
    }

    static String b64(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ step 4: certificates

    @Test
    void aValidChainThroughTheIntermediateInX5cIsAccepted() throws Refusal {
        accepted(openerB(listing(a)), sealer(a).seal(toB().build()).bytes());
    }

    @Test
    void anExpiredNodeCertificateIsCertExpired() {
        refused(openerB(listing(aExpired)), sealer(aExpired).seal(toB().build()).bytes(), RefusalCode.CERT_EXPIRED);
    }

    @Test
    void aNotYetValidNodeCertificateIsCertExpired() {
        refused(openerB(listing(aNotYetValid)), sealer(aNotYetValid).seal(toB().build()).bytes(), RefusalCode.CERT_EXPIRED);
    }

    @Test
    void anExpiredIntermediateOrRootIsCertExpired() {
        refused(openerB(listing(aUnderExpiredInter)), sealer(aUnderExpiredInter).seal(toB().build()).bytes(),
                RefusalCode.CERT_EXPIRED);
        TrustStore oldRoot = TrustStore.of(List.of(expiredRoot.certificate()), List.of());
        refused(openerB(oldRoot, null), sealer(aUnderExpiredRoot).seal(toB().build()).bytes(), RefusalCode.CERT_EXPIRED);
    }

    @Test
    void aChainThroughANonCaCertificateIsCertUntrusted() {
        assertThat(aUnderNonCa.chain()).hasSize(3);
        refused(openerB(listing(aUnderNonCa)), sealer(aUnderNonCa).seal(toB().build()).bytes(), RefusalCode.CERT_UNTRUSTED);
    }

    @Test
    void aCertificateWithUndecodableDatesInX5cIsCertUntrusted() {
        // Bouncy Castle parses such a certificate and decodes its dates only when asked: found by MessageProperties
        SealedMessage m = sealer(a).seal(toB().build());
        for (int which = 0; which < 2; which++) {
            byte[] cert = Base64.getDecoder().decode(m.header().x5c().get(which));
            int validity = indexOf(cert, new byte[] {0x17, 0x0d});   // the first UTCTime: notBefore
            assertThat(validity).isPositive();
            cert[validity + 2 + 4] = '/';
            ObjectNode h = headerOf(m);
            ((com.fasterxml.jackson.databind.node.ArrayNode) h.get("x5c")).set(which,
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(Base64.getEncoder().encodeToString(cert)));
            refused(bOpener, signed(a, protect(h), m.payloadText()), RefusalCode.CERT_UNTRUSTED);
        }
    }

    static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void validityBoundsAreInclusive() throws Refusal {
        // RFC 5280 §4.1.2.5: a certificate is valid at notBefore and at notAfter themselves.
        accepted(openerB(listing(aEndsNow)), sealer(aEndsNow).seal(toB().build()).bytes());
        accepted(openerB(listing(aStartsNow)), sealer(aStartsNow).seal(toB().build()).bytes());
    }

    @Test
    void aCertificateRevokedByACrlOfTheTrustStoreIsCertRevoked() throws Refusal {
        byte[] raw = sealer(aRevoked).seal(toB().build()).bytes();
        accepted(openerB(trust, listing(aRevoked)), raw);
        TrustStore withCrl = TrustStore.of(List.of(root.certificate()), List.of(interCrl));
        refused(openerB(withCrl, listing(aRevoked)), raw, RefusalCode.CERT_REVOKED);
        // the CRL names only aRevoked: its siblings stay good
        accepted(openerB(withCrl, listing(a)), sealer(a).seal(toB().build()).bytes());
    }

    @Test
    void aCertificateRevokedByTheDirectorysCrlsIsCertRevoked() throws Refusal {
        byte[] raw = sealer(aRevoked).seal(toB().build()).bytes();
        Directory withCrl = directory(aRevoked.certificate(), DirectoryPublisher.acceptAll(), List.of(interCrl));
        assertThat(withCrl.crls()).hasSize(1);
        refused(openerB(withCrl), raw, RefusalCode.CERT_REVOKED);
        accepted(openerB(listing(aRevoked)), raw);
    }

    @Test
    void aCrlNotSignedByTheIssuerRevokesNothing() throws Refusal {
        // twinCrl has inter's issuer name but another CA's signature
        TrustStore withForged = TrustStore.of(List.of(root.certificate()), List.of(twinCrl));
        assertThat(twinCrl.isRevoked(a.certificate())).isTrue();
        accepted(openerB(withForged, listing(a)), sealer(a).seal(toB().build()).bytes());
    }

    @Test
    void anIntermediateRevokedByTheRootsCrlIsCertRevoked() throws Refusal {
        byte[] raw = sealer(aUnderRevokedInter).seal(toB().build()).bytes();
        accepted(openerB(trust, listing(aUnderRevokedInter)), raw);
        TrustStore withCrl = TrustStore.of(List.of(root.certificate()), List.of(rootCrl));
        refused(openerB(withCrl, listing(aUnderRevokedInter)), raw, RefusalCode.CERT_REVOKED);
        Directory dirCrl = directory(aUnderRevokedInter.certificate(), DirectoryPublisher.acceptAll(), List.of(rootCrl));
        refused(openerB(dirCrl), raw, RefusalCode.CERT_REVOKED);
    }

    @Test
    void withoutTheIntermediateInX5cTheLeafIsUntrustedUnlessTheStoreKnowsIt() throws Refusal {
        byte[] raw = sealer(a, List.of(a.certificate())).seal(toB().build()).bytes();
        assertThat(MessageParser.parse(raw).header().x5c()).hasSize(1);
        refused(openerB(listing(a)), raw, RefusalCode.CERT_UNTRUSTED);
        TrustStore knowsInter = TrustStore.of(List.of(root.certificate(), inter.certificate()), List.of());
        assertThat(knowsInter.roots()).containsExactly(root.certificate());
        accepted(openerB(knowsInter, listing(a)), raw);
    }

    @Test
    void anIntermediateKnownLocallyIsNotATrustAnchor() {
        // a store given only the intermediate has no root: it must not trust what the intermediate issued
        assertThatThrownBy(() -> TrustStore.of(List.of(inter.certificate()), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCertificateUnderAnotherRootWithTheSameNameIsUntrusted() {
        refused(openerB(listing(aRogue)), sealer(aRogue).seal(toB().build()).bytes(), RefusalCode.CERT_UNTRUSTED);
    }

    // ------------------------------------------------------------------ step 5: sender

    @Test
    void aCertificateWithoutANodeSanIsSenderMismatch() {
        refused(openerB(listing(aNoSan)), sealer(aNoSan).seal(toB().build()).bytes(), RefusalCode.SENDER_MISMATCH);
        refused(openerB(null), sealer(aNoSan).seal(toB().build()).bytes(), RefusalCode.SENDER_MISMATCH);
    }

    @Test
    void aValidNodeCertificateTheDirectoryDoesNotListIsSenderMismatch() throws Refusal {
        byte[] raw = sealer(aSecond).seal(toB().build()).bytes();
        refused(openerB(listing(a)), raw, RefusalCode.SENDER_MISMATCH);
        accepted(openerB(listing(aSecond)), raw);
    }

    @Test
    void aCertificateOfAnotherNodeIsSenderMismatch() {
        byte[] raw = sealer(c).seal(toB().build()).bytes();   // from.node 370000, signed by 110000
        refused(openerB(listing(a)), raw, RefusalCode.SENDER_MISMATCH);
    }

    // ------------------------------------------------------------------ step 10: authorisation


    @Test
    void aTypeTheDirectoryDoesNotAllowIsNotAuthorized() {
        byte[] raw = sealer(a).seal(SealRequest.builder(A, B, "case.status").svc("S1").body(BODY).build()).bytes();
        refused(openerB(onlySubmitOfS1FromA), raw, RefusalCode.NOT_AUTHORIZED);
    }

    @Test
    void anSvcTheDirectoryDoesNotAllowIsNotAuthorized() {
        refused(openerB(onlySubmitOfS1FromA), sealer(a).seal(toB().svc("S2").build()).bytes(), RefusalCode.NOT_AUTHORIZED);
        // a rule naming svc values does not match a message without svc
        refused(openerB(onlySubmitOfS1FromA), sealer(a).seal(toB().build()).bytes(), RefusalCode.NOT_AUTHORIZED);
    }

    @Test
    void aSenderTheRuleDoesNotNameIsNotAuthorized() {
        Directory fromCOnly = directory(a.certificate(), List.of(accept("*", List.of("*"), List.of(C))), List.of());
        refused(openerB(fromCOnly), sealer(a).seal(toB().build()).bytes(), RefusalCode.NOT_AUTHORIZED);
    }

    @Test
    void anAllowedTypeAndSvcIsAccepted() throws Refusal {
        accepted(openerB(onlySubmitOfS1FromA), sealer(a).seal(toB().svc("S1").build()).bytes());
        accepted(openerB(onlySubmitOfS1FromA), sealer(a).seal(toB().svc("S1").encryptTo(b.certificate()).build()).bytes());
    }

    // ------------------------------------------------------------------ step 11: decryption

    SealedMessage encrypted() {
        return sealer(a).seal(toB().encryptTo(b.certificate()).build());
    }

    @Test
    void reSigningAnUnchangedMessageKeepsItValid() throws Refusal {
        // control for the tests below: the re-signing helper alone does not break a message
        SealedMessage m = encrypted();
        accepted(bOpener, signed(a, m.protectedText(), m.payloadText()));
    }

    @Test
    void aWrongGcmTagUnderAValidSignatureIsDecryptionFailed() {
        SealedMessage m = encrypted();
        byte[] body = Base64Url.decode(m.payloadText());
        body[body.length - 1] ^= 1;
        refused(bOpener, signed(a, m.protectedText(), Base64Url.encode(body)), RefusalCode.DECRYPTION_FAILED);
    }

    @Test
    void alteredCiphertextUnderAValidSignatureIsDecryptionFailed() {
        SealedMessage m = encrypted();
        byte[] body = Base64Url.decode(m.payloadText());
        body[0] ^= 0x40;
        refused(bOpener, signed(a, m.protectedText(), Base64Url.encode(body)), RefusalCode.DECRYPTION_FAILED);
        byte[] shorter = java.util.Arrays.copyOf(body, Sm4Gcm.TAG_BYTES - 1);
        refused(bOpener, signed(a, m.protectedText(), Base64Url.encode(shorter)), RefusalCode.DECRYPTION_FAILED);
    }

    @Test
    void aHeaderChangedAfterEncryptionFailsTheAadUnderAValidSignature() {
        SealedMessage m = encrypted();
        ObjectNode h = headerOf(m);
        h.put("conv", "CASE-2");
        refused(bOpener, signed(a, protect(h), m.payloadText()), RefusalCode.DECRYPTION_FAILED);
    }

    @Test
    void aHandBuiltMessageOpensAndItsWrongTagIsDecryptionFailed() throws Refusal {
        byte[] cek = new byte[16];
        byte[] iv = new byte[12];
        new java.security.SecureRandom().nextBytes(cek);
        new java.security.SecureRandom().nextBytes(iv);
        String p = protect(handEncryptedHeader(b.certificate(), cek, iv));
        byte[] ct = Sm4Gcm.encrypt(cek, iv, p.getBytes(StandardCharsets.US_ASCII), BODY);
        accepted(bOpener, signed(a, p, Base64Url.encode(ct)));
        ct[ct.length - Sm4Gcm.TAG_BYTES] ^= 1;
        refused(bOpener, signed(a, p, Base64Url.encode(ct)), RefusalCode.DECRYPTION_FAILED);
    }

    @Test
    void aContentKeyThatIsNot16BytesIsDecryptionFailed() {
        for (int n : new int[] {15, 17, 32}) {
            byte[] cek = new byte[n];
            byte[] iv = new byte[12];
            String p = protect(handEncryptedHeader(b.certificate(), cek, iv));
            byte[] ct = Sm4Gcm.encrypt(java.util.Arrays.copyOf(cek, 16), iv, p.getBytes(StandardCharsets.US_ASCII), BODY);
            refused(bOpener, signed(a, p, Base64Url.encode(ct)), RefusalCode.DECRYPTION_FAILED);
        }
    }

    @Test
    void aKidNamingAnotherCertificateIsDecryptionFailed() throws Refusal {
        // encrypted to 370000's own certificate: kid names a certificate that is not 130000's
        refused(bOpener, sealer(a).seal(toB().encryptTo(a.certificate()).build()).bytes(), RefusalCode.DECRYPTION_FAILED);
        // kid says 130000 but the content key was encrypted to another key
        SealedMessage toOther = sealer(a).seal(toB().encryptTo(c.certificate()).build());
        ObjectNode h = headerOf(toOther);
        h.put("kid", ReceiverKeys.kidOf(b.certificate()));
        refused(bOpener, signed(a, protect(h), toOther.payloadText()), RefusalCode.DECRYPTION_FAILED);
        // everything right (key encrypted to 130000, AAD consistent) except kid: only the kid check refuses it
        for (X509Certificate named : List.of(a.certificate(), b.certificate())) {
            byte[] cek = new byte[16];
            byte[] iv = new byte[12];
            String p = protect(handEncryptedHeader(named, cek, iv));
            byte[] raw = signed(a, p, Base64Url.encode(Sm4Gcm.encrypt(cek, iv, p.getBytes(StandardCharsets.US_ASCII), BODY)));
            if (named == b.certificate()) {
                accepted(bOpener, raw);   // control
            } else {
                refused(bOpener, raw, RefusalCode.DECRYPTION_FAILED);
            }
        }
    }

    /** A header written by hand, not by MessageSealer: {@code cek} SM2-encrypted to 130000, kid naming {@code kidOf}. */
    ObjectNode handEncryptedHeader(X509Certificate kidOf, byte[] cek, byte[] iv) {
        ObjectNode h = handHeader();
        h.put("enc", "SM4-GCM");
        h.put("kid", Sm3.hex(der(kidOf)));
        h.put("ek", Base64Url.encode(Sm2.encrypt(Sm2PublicKeys.of(b.certificate()), cek)));
        h.put("iv", Base64Url.encode(iv));
        h.put("cty", "application/json");
        return h;
    }

    ObjectNode handHeader() {
        ObjectNode h = TepJson.MAPPER.createObjectNode();
        h.put("v", 1);
        h.put("alg", "SM2-SM3");
        h.putArray("x5c").add(b64(a.certificate())).add(b64(inter.certificate()));
        h.put("id", UUID.randomUUID().toString());
        h.put("conv", "CASE-1");
        h.put("type", "case.submit");
        h.putObject("from").put("node", A);
        h.putObject("to").put("node", B);
        h.put("iat", iso(NOW));
        h.put("exp", iso(NOW.plus(Duration.ofDays(1))));
        return h;
    }

    // ------------------------------------------------------------------ step 8: time boundaries


    byte[] at(Instant iat, Instant exp) {
        return sealer(a).seal(toB().iat(cst(iat)).exp(cst(exp)).build()).bytes();
    }

    @Test
    void iatExactly300SecondsAheadIsAccepted() throws Refusal {
        accepted(bOpener, at(NOW.plusSeconds(300), NOW.plus(Duration.ofDays(1))));
    }

    @Test
    void iat301SecondsAheadIsExpired() {
        refused(bOpener, at(NOW.plusSeconds(301), NOW.plus(Duration.ofDays(1))), RefusalCode.EXPIRED);
        refused(bOpener, at(NOW.plusSeconds(300).plusMillis(1), NOW.plus(Duration.ofDays(1))), RefusalCode.EXPIRED);
    }

    @Test
    void expEqualToNowIsExpired() {
        refused(bOpener, at(NOW.minusSeconds(3600), NOW), RefusalCode.EXPIRED);
    }

    @Test
    void expOneSecondAheadIsAccepted() throws Refusal {
        accepted(bOpener, at(NOW.minusSeconds(3600), NOW.plusSeconds(1)));
    }

    @Test
    void aLifetimeOfExactlySevenDaysIsAccepted() throws Refusal {
        Instant iat = NOW.minusSeconds(3600);
        accepted(bOpener, at(iat, iat.plus(Duration.ofDays(7))));
    }

    @Test
    void aLifetimeOfSevenDaysAndOneSecondIsExpired() {
        Instant iat = NOW.minusSeconds(3600);
        refused(bOpener, at(iat, iat.plus(Duration.ofDays(7)).plusSeconds(1)), RefusalCode.EXPIRED);
    }

    @Test
    void offsetsAreHonoured() throws Refusal {
        // the same instants written with other offsets give the same outcome
        byte[] ok = sealer(a).seal(toB().iat(OffsetDateTime.ofInstant(NOW.minusSeconds(60), ZoneOffset.UTC))
                .exp(OffsetDateTime.ofInstant(NOW.plusSeconds(1), ZoneOffset.ofHours(-5))).build()).bytes();
        accepted(bOpener, ok);
        byte[] gone = sealer(a).seal(toB().iat(OffsetDateTime.ofInstant(NOW.minusSeconds(60), ZoneOffset.UTC))
                .exp(OffsetDateTime.ofInstant(NOW, ZoneOffset.ofHours(14))).build()).bytes();
        refused(bOpener, gone, RefusalCode.EXPIRED);
    }

    // ------------------------------------------------------------------ order of checks


    /** To 110000 (wrong recipient) and expired two days ago. */
    SealRequest.Builder wrongRecipientAndExpired() {
        return SealRequest.builder(A, C, "case.submit").body(BODY)
                .iat(cst(NOW.minus(Duration.ofDays(3)))).exp(cst(NOW.minus(Duration.ofDays(2))));
    }

    @Test
    void badSignatureWrongRecipientAndExpiredIsSignatureInvalid() {
        SealedMessage m = sealer(a).seal(wrongRecipientAndExpired().build());
        refused(bOpener, m.bytes(), RefusalCode.WRONG_RECIPIENT);
        refused(bOpener, badSignature(m), RefusalCode.SIGNATURE_INVALID);
    }

    @Test
    void wrongRecipientAndExpiredIsWrongRecipient() {
        refused(bOpener, sealer(a).seal(wrongRecipientAndExpired().build()).bytes(), RefusalCode.WRONG_RECIPIENT);
    }

    @Test
    void untrustedRootAndBadSignatureIsCertUntrusted() {
        refused(bOpener, badSignature(sealer(aRogue).seal(toB().build())), RefusalCode.CERT_UNTRUSTED);
    }

    @Test
    void expiredCertificateAndSenderMismatchIsCertExpired() {
        SealedMessage m = sealer(aExpired).seal(SealRequest.builder(C, B, "case.submit").body(BODY).build());
        refused(bOpener, m.bytes(), RefusalCode.CERT_EXPIRED);
    }

    @Test
    void revokedCertificateAndUnlistedIsCertRevoked() {
        Directory d = directory(a.certificate(), DirectoryPublisher.acceptAll(), List.of(interCrl));
        refused(openerB(d), sealer(aRevoked).seal(toB().build()).bytes(), RefusalCode.CERT_REVOKED);
    }

    @Test
    void senderMismatchAndBadSignatureIsSenderMismatch() {
        SealedMessage m = sealer(a).seal(SealRequest.builder(C, B, "case.submit").body(BODY).build());
        refused(bOpener, badSignature(m), RefusalCode.SENDER_MISMATCH);
    }

    @Test
    void expiredAndNotAuthorizedIsExpired() {
        Directory d = directory(a.certificate(), List.of(accept("case.status", List.of("*"), List.of("*"))), List.of());
        byte[] raw = sealer(a).seal(toB().iat(cst(NOW.minus(Duration.ofDays(3)))).exp(cst(NOW.minusSeconds(1))).build()).bytes();
        refused(openerB(d), raw, RefusalCode.EXPIRED);
    }

    @Test
    void notAuthorizedComesBeforeDecryptionFailed() {
        Directory d = directory(a.certificate(), List.of(accept("case.status", List.of("*"), List.of("*"))), List.of());
        SealedMessage m = sealer(a).seal(toB().encryptTo(a.certificate()).build());   // type not allowed, kid wrong
        refused(openerB(d), m.bytes(), RefusalCode.NOT_AUTHORIZED);
        refused(bOpener, m.bytes(), RefusalCode.DECRYPTION_FAILED);
    }

    /** Unsupported alg, rogue root, to 110000, expired, and a bad signature. */
    ObjectNode everythingWrongHeader() {
        ObjectNode h = headerOf(sealer(aRogue).seal(wrongRecipientAndExpired().build()));
        h.put("alg", "RS256");
        return h;
    }

    @Test
    void malformedComesBeforeEverything() {
        ObjectNode h = everythingWrongHeader();
        String p = protect(h);
        String pl = Base64Url.encode(BODY);
        String badSig = Base64Url.encode(new byte[70]);
        refused(bOpener, message(p, pl, badSig), RefusalCode.UNSUPPORTED);
        // an unknown top-level member
        ObjectNode m = (ObjectNode) TepJson.read(message(p, pl, badSig));
        m.put("x", "y");
        refused(bOpener, TepJson.write(m), RefusalCode.MALFORMED);
        // a required header member missing
        h.remove("cty");
        refused(bOpener, message(protect(h), pl, badSig), RefusalCode.MALFORMED);
        // a member of the wrong type
        ObjectNode h2 = everythingWrongHeader();
        h2.put("exp", 12345);
        refused(bOpener, message(protect(h2), pl, badSig), RefusalCode.MALFORMED);
    }

    @Test
    void unsupportedComesBeforeCertificateChecks() {
        SealedMessage expiredCert = sealer(aExpired).seal(toB().build());
        SealedMessage rogue = sealer(aRogue).seal(toB().build());
        SealedMessage revoked = sealer(aRevoked).seal(toB().build());
        MessageOpener withCrl = openerB(TrustStore.of(List.of(root.certificate()), List.of(interCrl)), null);
        for (String[] change : new String[][] {{"alg", "RS256"}, {"enc", "A256GCM"}}) {
            for (SealedMessage m : List.of(expiredCert, rogue, revoked)) {
                ObjectNode h = headerOf(m);
                h.put(change[0], change[1]);
                Credential signer = m == expiredCert ? aExpired : m == rogue ? aRogue : aRevoked;
                refused(withCrl, signed(signer, protect(h), m.payloadText()), RefusalCode.UNSUPPORTED);
            }
        }
        ObjectNode h = headerOf(expiredCert);
        h.put("v", 2);
        refused(bOpener, signed(aExpired, protect(h), expiredCert.payloadText()), RefusalCode.UNSUPPORTED);
        // controls: unchanged, each fails its own certificate check
        refused(withCrl, expiredCert.bytes(), RefusalCode.CERT_EXPIRED);
        refused(withCrl, rogue.bytes(), RefusalCode.CERT_UNTRUSTED);
        refused(withCrl, revoked.bytes(), RefusalCode.CERT_REVOKED);
    }

    // ------------------------------------------------------------------ receipts (§5)


    @Test
    void aReceiptForTheMessageVerifies() throws Refusal {
        SealedMessage sent = sealer(a).seal(toB().encryptTo(b.certificate()).build());
        OpenedMessage got = bOpener.open(sent.bytes());
        SealedMessage receipt = Receipts.build(sealer(b), got.message(), cst(NOW));
        Receipts.Proof proof = Receipts.verify(aOpener, sent, receipt.bytes());
        assertThat(proof.messageId()).isEqualTo(sent.id());
        assertThat(proof.digest()).isEqualTo(
                Sm3.hex((sent.protectedText() + "." + sent.payloadText()).getBytes(StandardCharsets.US_ASCII)));
        TepHeader h = proof.receipt().header();
        assertThat(h.type()).isEqualTo("receipt");
        assertThat(h.ref()).isEqualTo(sent.id());
        assertThat(h.conv()).isEqualTo(sent.header().conv());
        assertThat(h.from().node()).isEqualTo(B);
        assertThat(h.to().node()).isEqualTo(A);
        assertThat(h.enc()).isEqualTo("none");
        assertThat(TepJson.read(proof.receipt().message().body()).get("status").asText()).isEqualTo("accepted");
    }

    @Test
    void aReceiptForOtherBytesIsRefused() throws Refusal {
        SealedMessage sent = sealer(a).seal(toB().build());
        // same id and conv, other body: the receipt acknowledges other bytes
        SealedMessage twin = sealer(a).seal(toB().id(sent.id()).body("{}".getBytes(StandardCharsets.UTF_8)).build());
        SealedMessage receipt = Receipts.build(sealer(b), bOpener.open(twin.bytes()).message(), cst(NOW));
        assertThatThrownBy(() -> Receipts.verify(aOpener, sent, receipt.bytes()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.MALFORMED));
        Receipts.verify(aOpener, twin, receipt.bytes());
    }

    @Test
    void aReceiptIsCheckedAgainstWhatWasStoredOfTheMessageAsAgainstItsBytes() throws Refusal {
        // the delivery attempts verify against the id, node, conversation and digest kept when the message was sealed
        SealedMessage sent = sealer(a).seal(toB().encryptTo(b.certificate()).build());
        SealedMessage twin = sealer(a).seal(toB().id(sent.id()).body("{}".getBytes(StandardCharsets.UTF_8)).build());
        SealedMessage receipt = Receipts.build(sealer(b), bOpener.open(sent.bytes()).message(), cst(NOW));
        String conv = sent.header().conv();
        Receipts.Proof proof = Receipts.verify(aOpener, new Receipts.Expected(sent.id(), B, conv, sent.digest()), receipt.bytes());
        assertThat(proof.digest()).isEqualTo(Receipts.verify(aOpener, sent, receipt.bytes()).digest());
        assertThat(proof.receipt().header().ref()).isEqualTo(sent.id());
        for (Receipts.Expected other : List.of(new Receipts.Expected(sent.id(), B, conv, twin.digest()),
                new Receipts.Expected("other-id", B, conv, sent.digest()), new Receipts.Expected(sent.id(), C, conv, sent.digest()),
                new Receipts.Expected(sent.id(), B, conv + "-other", sent.digest()))) {
            assertThatThrownBy(() -> Receipts.verify(aOpener, other, receipt.bytes())).as(other.toString())
                    .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.MALFORMED));
        }
    }

    @Test
    void aReceiptWithAnAlteredDigestIsRefused() throws Refusal {
        SealedMessage sent = sealer(a).seal(toB().build());
        String digest = sent.digest();
        String altered = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
        for (String d : List.of(altered, digest.toUpperCase(), "")) {
            ObjectNode body = TepJson.MAPPER.createObjectNode();
            body.put("status", "accepted");
            body.put("digest", d);
            body.put("receivedAt", iso(NOW));
            SealedMessage receipt = sealer(b).seal(SealRequest.builder(B, A, "receipt").ref(sent.id())
                    .conv(sent.header().conv()).body(TepJson.write(body)).build());
            assertThatThrownBy(() -> Receipts.verify(aOpener, sent, receipt.bytes()))
                    .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.MALFORMED));
        }
    }

    @Test
    void aReceiptSignedByAnotherNodeIsRefused() throws Refusal {
        SealedMessage sent = sealer(a).seal(toB().build());
        ParsedMessage got = bOpener.open(sent.bytes()).message();
        // 110000 signs a receipt that claims to come from 130000
        SealedMessage claimsB = Receipts.build(sealer(c), got, cst(NOW));
        assertThatThrownBy(() -> Receipts.verify(aOpener, sent, claimsB.bytes()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.SENDER_MISMATCH));
        // 110000 signs in its own name a receipt for a message that went to 130000
        ObjectNode body = TepJson.MAPPER.createObjectNode();
        body.put("status", "accepted");
        body.put("digest", sent.digest());
        body.put("receivedAt", iso(NOW));
        SealedMessage ownName = sealer(c).seal(SealRequest.builder(C, A, "receipt").ref(sent.id())
                .conv(sent.header().conv()).body(TepJson.write(body)).build());
        assertThatThrownBy(() -> Receipts.verify(aOpener, sent, ownName.bytes()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.MALFORMED));
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
