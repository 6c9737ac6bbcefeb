package cn.tongban.hub.crypto;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.operator.ContentSigner;

/**
 * SM3withSM2 ({@code 1.2.156.10197.1.501}) signatures for certificates and CRLs made with Bouncy Castle's
 * builders, through {@link Sm2#sign} so that they carry the same signer ID as every other SM2 signature here.
 */
public final class Sm2ContentSigner implements ContentSigner {
    public static final AlgorithmIdentifier SM3_WITH_SM2 = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);

    private final ECPrivateKeyParameters key;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public Sm2ContentSigner(ECPrivateKeyParameters key) {
        this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return SM3_WITH_SM2;
    }

    @Override
    public OutputStream getOutputStream() {
        return data;
    }

    @Override
    public byte[] getSignature() {
        return Sm2.sign(key, data.toByteArray());
    }
}
