package cn.tongban.hub.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2PublicKeys;
import cn.tongban.hub.crypto.Sm4Gcm;

/**
 * Seals TEP/1 messages for one signing identity (TEP-1 §2): header JSON, optional SM4-GCM body with a fresh
 * random content key and IV for every message (AAD = the {@code protected} text), the content key
 * SM2-encrypted to the recipient in GM/T 0009 DER, and the SM2/SM3 signature over
 * {@code protected + "." + payload}. Thread-safe.
 */
public final class MessageSealer {
    /** China Standard Time: the offset partners expect to read in {@code iat}/{@code exp}. */
    public static final ZoneOffset CST = ZoneOffset.ofHours(8);

    private final ECPrivateKeyParameters signingKey;
    private final List<String> x5c;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param chain the signing certificate first, then any intermediates (never the root)
     */
    public MessageSealer(ECPrivateKeyParameters signingKey, List<X509Certificate> chain, Clock clock) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the signing certificate is needed");
        }
        this.signingKey = signingKey;
        this.clock = clock;
        List<String> list = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                list.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        this.x5c = List.copyOf(list);
    }

    public SealedMessage seal(SealRequest r) {
        OffsetDateTime iat = r.iat() != null ? r.iat()
                : OffsetDateTime.now(clock).withOffsetSameInstant(CST).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime exp = r.exp() != null ? r.exp() : iat.plus(SealRequest.DEFAULT_LIFETIME);
        String id = r.id() != null ? r.id() : MessageIds.next();
        String conv = r.conv() != null ? r.conv() : MessageIds.next();
        boolean encrypt = r.recipientEncryptionCertificate() != null;

        ObjectNode h = TepJson.MAPPER.createObjectNode();
        h.put("v", 1);
        h.put("alg", TepHeader.ALG_SM2_SM3);
        ArrayNode certs = h.putArray("x5c");
        x5c.forEach(certs::add);
        h.put("id", id);
        if (r.ref() != null) {
            h.put("ref", r.ref());
        }
        h.put("conv", conv);
        h.put("type", r.type());
        if (r.svc() != null) {
            h.put("svc", r.svc());
        }
        address(h.putObject("from"), r.from());
        address(h.putObject("to"), r.to());
        h.put("iat", iat.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        h.put("exp", exp.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        h.put("enc", encrypt ? TepHeader.ENC_SM4_GCM : TepHeader.ENC_NONE);
        byte[] cek = null;
        byte[] iv = null;
        String kid = null;
        String ek = null;
        String ivText = null;
        if (encrypt) {
            X509Certificate rc = r.recipientEncryptionCertificate();
            cek = new byte[Sm4Gcm.KEY_BYTES];
            iv = new byte[Sm4Gcm.IV_BYTES];
            random.nextBytes(cek);
            random.nextBytes(iv);
            kid = ReceiverKeys.kidOf(rc);
            ek = Base64Url.encode(Sm2.encrypt(Sm2PublicKeys.of(rc), cek));
            ivText = Base64Url.encode(iv);
            h.put("kid", kid);
            h.put("ek", ek);
            h.put("iv", ivText);
        }
        h.put("cty", r.cty());
        byte[] headerJson = TepJson.write(h);
        String protectedText = Base64Url.encode(headerJson);
        byte[] body = encrypt
                ? Sm4Gcm.encrypt(cek, iv, protectedText.getBytes(StandardCharsets.US_ASCII), r.body())
                : r.body();
        String payloadText = Base64Url.encode(body);
        byte[] sig = Sm2.sign(signingKey, (protectedText + "." + payloadText).getBytes(StandardCharsets.US_ASCII));

        ObjectNode m = TepJson.MAPPER.createObjectNode();
        m.put("protected", protectedText);
        m.put("payload", payloadText);
        m.put("signature", Base64Url.encode(sig));
        TepHeader header = new TepHeader(1, TepHeader.ALG_SM2_SM3, x5c, id, r.ref(), conv, r.type(), r.svc(),
                r.from(), r.to(), iat, exp, encrypt ? TepHeader.ENC_SM4_GCM : TepHeader.ENC_NONE, kid, ek, ivText,
                r.cty(), new String(headerJson, StandardCharsets.UTF_8));
        return new SealedMessage(TepJson.write(m), header, protectedText, payloadText);
    }

    private static void address(ObjectNode n, NodeAddress a) {
        n.put("node", a.node());
        if (a.org() != null) {
            n.put("org", a.org());
        }
    }
}
