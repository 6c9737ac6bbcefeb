package cn.tongban.hub.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 (GB/T 32918) as TEP-1 §1 fixes it: SM3 digest, signer ID {@code 1234567812345678}, DER
 * {@code SEQUENCE{r,s}} signatures, and encryption in the GM/T 0009 DER form
 * {@code SEQUENCE{x, y, hash, cipherText}}.
 *
 * <p>Every operation runs on Bouncy Castle's custom {@code sm2p256v1} curve: the generic GM curve is about
 * 7× slower (STACK-NOTES). Keys must therefore be made with {@link #privateKey}/{@link #publicKey}, which
 * rebind them to that curve whatever curve object the parser produced.
 */
public final class Sm2 {
    private static final X9ECParameters X9 = CustomNamedCurves.getByName("sm2p256v1");
    public static final ECDomainParameters DOMAIN =
            new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH(), X9.getSeed());
    /** GM/T 0009 default signer ID. */
    private static final byte[] SIGNER_ID = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int COORD = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SIGNERS_PER_THREAD = 8;
    private static final ThreadLocal<Map<ECPrivateKeyParameters, SM2Signer>> SIGNERS =
            ThreadLocal.withInitial(IdentityHashMap::new);
    /** Signatures, verifications, encryptions, decryptions: see {@link #operations()}. */
    private static final LongAdder[] OPERATIONS = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};

    private Sm2() {
    }

    public static ECPrivateKeyParameters privateKey(BigInteger d) {
        if (d.signum() <= 0 || d.compareTo(DOMAIN.getN()) >= 0) {
            throw new IllegalArgumentException("not an SM2 private key");
        }
        return new ECPrivateKeyParameters(d, DOMAIN);
    }

    /** @param encodedPoint the SEC1 point encoding from a SubjectPublicKeyInfo */
    public static ECPublicKeyParameters publicKey(byte[] encodedPoint) {
        ECPoint p = DOMAIN.getCurve().decodePoint(encodedPoint).normalize();
        return new ECPublicKeyParameters(p, DOMAIN);
    }

    public static ECPublicKeyParameters publicKeyOf(ECPrivateKeyParameters priv) {
        return new ECPublicKeyParameters(DOMAIN.getG().multiply(priv.getD()).normalize(), DOMAIN);
    }

    /**
     * DER {@code SEQUENCE{r,s}} signature over {@code data}.
     *
     * <p>Each thread keeps one initialised {@link SM2Signer} per key: {@code SM2Signer.init} computes the public
     * point d·G and the signer's Z digest, a full scalar multiplication that would otherwise be paid again for every
     * signature (it made signing run at about half of Bouncy Castle's speed, docs/benchmarks-protocol.md). A signer
     * resets to the state just after {@code init} whenever it finishes a signature; the explicit {@code reset()}
     * below also discards anything left by a call that failed half-way. A fresh random k is drawn per signature.
     */
    public static byte[] sign(ECPrivateKeyParameters key, byte[] data) {
        OPERATIONS[0].increment();
        SM2Signer s = SIGNERS.get().computeIfAbsent(key, Sm2::signerFor);
        s.reset();
        s.update(data, 0, data.length);
        try {
            return s.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("SM2 signing failed", e);
        }
    }

    private static SM2Signer signerFor(ECPrivateKeyParameters key) {
        Map<ECPrivateKeyParameters, SM2Signer> mine = SIGNERS.get();
        if (mine.size() >= SIGNERS_PER_THREAD) {
            mine.clear(); // a node signs with one or two keys; only tests and tools make many
        }
        SM2Signer s = new SM2Signer();
        s.init(true, new ParametersWithID(new ParametersWithRandom(key, RANDOM), SIGNER_ID));
        return s;
    }

    /**
     * How many SM2 operations this process has done, by kind: the exchange benchmark divides them by the messages
     * it delivered to show that the hub does exactly the cryptography its ceiling counts (sign 2, verify 2,
     * encrypt 1, decrypt 1 per message).
     */
    public record Operations(long signatures, long verifications, long encryptions, long decryptions) {
        public Operations since(Operations earlier) {
            return new Operations(signatures - earlier.signatures, verifications - earlier.verifications,
                    encryptions - earlier.encryptions, decryptions - earlier.decryptions);
        }
    }

    public static Operations operations() {
        return new Operations(OPERATIONS[0].sum(), OPERATIONS[1].sum(), OPERATIONS[2].sum(), OPERATIONS[3].sum());
    }

    /** False for a wrong signature and for any signature not in canonical DER. */
    public static boolean verify(ECPublicKeyParameters key, byte[] data, byte[] derSignature) {
        OPERATIONS[1].increment();
        SM2Signer s = new SM2Signer();
        s.init(false, new ParametersWithID(key, SIGNER_ID));
        s.update(data, 0, data.length);
        try {
            return s.verifySignature(derSignature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Encrypts a short secret (a content key) to {@code key}; returns the GM/T 0009 DER ciphertext. */
    public static byte[] encrypt(ECPublicKeyParameters key, byte[] plaintext) {
        OPERATIONS[2].increment();
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(key, RANDOM));
        byte[] raw;
        try {
            raw = engine.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
        // raw = 04 || x || y || C3 (32) || C2
        int c1 = 1 + 2 * COORD;
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORD))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORD, c1))));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, c1, c1 + 32)));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, c1 + 32, raw.length)));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decrypts a GM/T 0009 DER ciphertext. Only canonical DER of exactly four members is accepted: the raw
     * {@code 04||x||y||…} forms are refused on the wire (TEP-1 §1).
     *
     * @throws InvalidCipherTextException for any other form, a point off the curve, or a failed hash check
     */
    public static byte[] decrypt(ECPrivateKeyParameters key, byte[] der) throws InvalidCipherTextException {
        byte[] raw;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 4 || !Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
                throw new InvalidCipherTextException("SM2 ciphertext is not a DER SEQUENCE of four members");
            }
            BigInteger x = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            BigInteger y = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
            byte[] hash = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
            byte[] c2 = ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets();
            if (hash.length != 32 || x.bitLength() > 8 * COORD || y.bitLength() > 8 * COORD) {
                throw new InvalidCipherTextException("SM2 ciphertext members have the wrong size");
            }
            raw = new byte[1 + 2 * COORD + 32 + c2.length];
            raw[0] = 0x04;
            System.arraycopy(BigIntegers.asUnsignedByteArray(COORD, x), 0, raw, 1, COORD);
            System.arraycopy(BigIntegers.asUnsignedByteArray(COORD, y), 0, raw, 1 + COORD, COORD);
            System.arraycopy(hash, 0, raw, 1 + 2 * COORD, 32);
            System.arraycopy(c2, 0, raw, 1 + 2 * COORD + 32, c2.length);
        } catch (java.io.IOException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidCipherTextException("SM2 ciphertext is not valid DER: " + e.getMessage(), e);
        }
        OPERATIONS[3].increment();
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, key);
        try {
            return engine.processBlock(raw, 0, raw.length);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // e.g. a point not on the curve
            throw new InvalidCipherTextException("SM2 ciphertext refused: " + e.getMessage(), e);
        }
    }
}
