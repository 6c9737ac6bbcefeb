package cn.tongban.hub.protocol;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.InvalidCipherTextException;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2PublicKeys;
import cn.tongban.hub.crypto.Sm3;
import cn.tongban.hub.crypto.Sm4Gcm;
import cn.tongban.hub.trust.CertificateRefused;
import cn.tongban.hub.trust.NodeIdentity;
import cn.tongban.hub.trust.TrustStore;

/**
 * Opens TEP/1 messages for one receiving node: the checks of TEP-1 §4, steps 2 to 8 in {@link #verify} and
 * steps 10 and 11 in {@link #admit}, each step in the normative order so that a message failing several
 * checks is refused with the code of the first. Step 1 (size) belongs to the transport, step 9
 * (de-duplication) and 12 (storage) to the receiving store, between and after these two calls.
 *
 * <p>Thread-safe; one instance serves every message for as long as trust, directory and keys stay the same.
 */
public final class MessageOpener {
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(300);
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    private static final int MAX_CACHED_CERTS = 4096;

    private final TrustStore trust;
    private final Clock clock;
    private final String me;
    private final ReceiverKeys keys;
    private final SenderPolicy policy;
    private final Map<String, X509Certificate> x5cCache = new ConcurrentHashMap<>();

    /**
     * @param me     this receiver's node code (step 7)
     * @param keys   the encryption key for step 11; null if this receiver cannot open encrypted bodies
     * @param policy the directory in force; null to skip the directory's half of step 5 and step 10
     */
    public MessageOpener(TrustStore trust, Clock clock, String me, ReceiverKeys keys, SenderPolicy policy) {
        this.trust = policy == null ? trust : trust.withCrls(policy.crls());
        this.clock = clock;
        this.me = me;
        this.keys = keys;
        this.policy = policy;
    }

    public String node() {
        return me;
    }

    /** Every check this core makes: steps 2-8, 10, 11. */
    public OpenedMessage open(byte[] raw) throws Refusal {
        return admit(verify(raw));
    }

    /** TEP-1 §4 steps 2-8. */
    public VerifiedMessage verify(byte[] raw) throws Refusal {
        return verify(raw, null);
    }

    /**
     * TEP-1 §4 steps 2-8, with the transport's authenticated peer (§1: the TLS client certificate must name
     * {@code from.node}) checked as part of step 5.
     *
     * @param peer the node identity the transport authenticated; null when the message did not come over TLS
     */
    public VerifiedMessage verify(byte[] raw, TransportPeer peer) throws Refusal {
        Instant now = clock.instant();
        ParsedMessage m = MessageParser.parse(raw);                      // step 2
        TepHeader h = m.header();
        checkSupported(h);                                                // step 3
        List<X509Certificate> path = checkChain(h, now);                  // step 4
        X509Certificate leaf = path.get(0);
        if (!NodeIdentity.names(leaf, h.from().node())) {                 // step 5
            throw new Refusal(RefusalCode.SENDER_MISMATCH,
                    "the signing certificate does not name node " + h.from().node());
        }
        if (policy != null && !policy.listsSigningCertificate(h.from().node(), sm3(leaf))) {
            throw new Refusal(RefusalCode.SENDER_MISMATCH,
                    "the directory does not list this signing certificate for node " + h.from().node());
        }
        if (peer != null && !peer.isNode(h.from().node())) {
            throw new Refusal(RefusalCode.SENDER_MISMATCH,
                    "the TLS client certificate does not name node " + h.from().node());
        }
        checkSignature(m, leaf);                                          // step 6
        if (!me.equals(h.to().node())) {                                  // step 7
            throw new Refusal(RefusalCode.WRONG_RECIPIENT, "addressed to " + h.to().node() + ", this is " + me);
        }
        checkTimes(h, now);                                               // step 8
        return new VerifiedMessage(m, path);
    }

    /** TEP-1 §4 steps 10 and 11, for a message {@link #verify} passed. */
    public OpenedMessage admit(VerifiedMessage v) throws Refusal {
        TepHeader h = v.header();
        if (policy != null && !policy.allows(h.from().node(), me, h.type(), h.svc())) {   // step 10
            throw new Refusal(RefusalCode.NOT_AUTHORIZED,
                    "the directory does not let " + h.from().node() + " send " + h.type() + " to " + me);
        }
        byte[] body = v.message().body();
        if (h.encrypted()) {                                                                // step 11
            body = decrypt(v.message());
        }
        return new OpenedMessage(v, body);
    }

    /**
     * Steps 2, 3, 4, 6 and 8 for a message whose signer is not a node (the directory, TEP-1 §6): the caller
     * checks the signer's identity on the returned path itself.
     */
    public static VerifiedMessage verifyUnaddressed(byte[] raw, TrustStore trust, Instant now) throws Refusal {
        ParsedMessage m = MessageParser.parse(raw);
        TepHeader h = m.header();
        checkSupported(h);
        MessageOpener o = new MessageOpener(trust, Clock.fixed(now, java.time.ZoneOffset.UTC), "", null, null);
        List<X509Certificate> path = o.checkChain(h, now);
        checkSignature(m, path.get(0));
        checkTimes(h, now);
        return new VerifiedMessage(m, path);
    }

    static void checkSupported(TepHeader h) throws Refusal {
        if (h.v() != 1) {
            throw new Refusal(RefusalCode.UNSUPPORTED, "version " + h.v());
        }
        if (!TepHeader.ALG_SM2_SM3.equals(h.alg())) {
            throw new Refusal(RefusalCode.UNSUPPORTED, "alg " + h.alg());
        }
        if (!TepHeader.ENC_NONE.equals(h.enc()) && !TepHeader.ENC_SM4_GCM.equals(h.enc())) {
            throw new Refusal(RefusalCode.UNSUPPORTED, "enc " + h.enc());
        }
        if (h.encrypted() && (h.kid() == null || h.ek() == null || h.iv() == null)) {
            throw new Refusal(RefusalCode.MALFORMED, "an encrypted message needs kid, ek and iv");
        }
    }

    private List<X509Certificate> checkChain(TepHeader h, Instant now) throws Refusal {
        List<X509Certificate> chain = new ArrayList<>(h.x5c().size());
        for (String c : h.x5c()) {
            chain.add(certificate(c));
        }
        try {
            return trust.validate(chain, now);
        } catch (CertificateRefused e) {
            RefusalCode code = switch (e.problem()) {
                case EXPIRED -> RefusalCode.CERT_EXPIRED;
                case REVOKED -> RefusalCode.CERT_REVOKED;
                case UNTRUSTED -> RefusalCode.CERT_UNTRUSTED;
            };
            throw new Refusal(code, e.getMessage());
        }
    }

    private X509Certificate certificate(String b64) throws Refusal {
        X509Certificate c = x5cCache.get(b64);
        if (c != null) {
            return c;
        }
        try {
            c = Pem.certificate(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException | IOException e) {
            throw new Refusal(RefusalCode.CERT_UNTRUSTED, "x5c holds something that is not a certificate");
        }
        if (x5cCache.size() >= MAX_CACHED_CERTS) {
            x5cCache.clear();
        }
        x5cCache.put(b64, c);
        return c;
    }

    private static void checkSignature(ParsedMessage m, X509Certificate leaf) throws Refusal {
        boolean ok;
        try {
            ok = Sm2.verify(Sm2PublicKeys.of(leaf), m.signingInput(), m.signature());
        } catch (RuntimeException e) {
            ok = false; // e.g. a leaf whose key is not on the SM2 curve
        }
        if (!ok) {
            throw new Refusal(RefusalCode.SIGNATURE_INVALID, "the signature does not verify");
        }
    }

    static void checkTimes(TepHeader h, Instant now) throws Refusal {
        Instant iat = h.iat().toInstant();
        Instant exp = h.exp().toInstant();
        if (iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Refusal(RefusalCode.EXPIRED, "issued in the future (iat " + h.iat() + ")");
        }
        if (!exp.isAfter(now)) {
            throw new Refusal(RefusalCode.EXPIRED, "expired at " + h.exp());
        }
        if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw new Refusal(RefusalCode.EXPIRED, "lifetime over 7 days");
        }
    }

    private byte[] decrypt(ParsedMessage m) throws Refusal {
        TepHeader h = m.header();
        if (keys == null) {
            throw new Refusal(RefusalCode.DECRYPTION_FAILED, "this receiver holds no encryption key");
        }
        if (!keys.kid().equals(h.kid())) {
            throw new Refusal(RefusalCode.DECRYPTION_FAILED, "kid does not name this node's encryption certificate");
        }
        try {
            byte[] cek = Sm2.decrypt(keys.encryptionKey(), Base64Url.decode(h.ek()));
            if (cek.length != Sm4Gcm.KEY_BYTES) {
                throw new InvalidCipherTextException("the content key is not 16 bytes");
            }
            byte[] iv = Base64Url.decode(h.iv());
            return Sm4Gcm.decrypt(cek, iv, m.protectedText().getBytes(java.nio.charset.StandardCharsets.US_ASCII), m.body());
        } catch (InvalidCipherTextException | IllegalArgumentException e) {
            throw new Refusal(RefusalCode.DECRYPTION_FAILED, e.getMessage());
        }
    }

    private static String sm3(X509Certificate c) {
        try {
            return Sm3.hex(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
