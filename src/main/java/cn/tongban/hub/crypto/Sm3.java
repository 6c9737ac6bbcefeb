package cn.tongban.hub.crypto;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;

/** SM3 (GB/T 32905) digests, as TEP/1 uses them: certificate ids ({@code kid}, {@code signCerts}) and receipt digests. */
public final class Sm3 {
    private Sm3() {
    }

    public static byte[] digest(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** Lowercase hex SM3, the form TEP/1 writes on the wire. */
    public static String hex(byte[] data) {
        return Hex.toHexString(digest(data));
    }
}
