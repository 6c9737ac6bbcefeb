package cn.tongban.hub.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM4 in GCM mode with a 128-bit tag appended to the ciphertext (TEP-1 §2 body encryption). */
public final class Sm4Gcm {
    public static final int KEY_BYTES = 16;
    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private Sm4Gcm() {
    }

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) {
        try {
            return run(true, key, iv, aad, plaintext);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM4-GCM encryption failed", e);
        }
    }

    /** @throws InvalidCipherTextException if the tag does not verify (wrong key, IV, AAD or altered ciphertext) */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertextAndTag) throws InvalidCipherTextException {
        if (ciphertextAndTag.length < TAG_BYTES) {
            throw new InvalidCipherTextException("ciphertext shorter than the GCM tag");
        }
        return run(false, key, iv, aad, ciphertextAndTag);
    }

    private static byte[] run(boolean encrypt, byte[] key, byte[] iv, byte[] aad, byte[] in) throws InvalidCipherTextException {
        if (key.length != KEY_BYTES || iv.length != IV_BYTES) {
            throw new InvalidCipherTextException("SM4-GCM needs a 16-byte key and a 12-byte IV");
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, iv, aad));
        byte[] out = new byte[gcm.getOutputSize(in.length)];
        int n = gcm.processBytes(in, 0, in.length, out, 0);
        n += gcm.doFinal(out, n);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
