package cn.tongban.hub.protocol;

import java.util.Base64;

/**
 * base64url without padding (RFC 4648 §5) as TEP-1 §2 requires, decoded strictly: only the URL-safe
 * alphabet, no padding, no whitespace, and only the canonical encoding (unused trailing bits zero).
 *
 * <p>Why canonical only: RFC 4648 §3.5 lets a decoder refuse non-zero pad bits, and refusing them means two
 * different texts never decode to the same signed bytes, so no change of a member's text can leave a
 * message valid. (tepkit accepts non-canonical text; a conforming sender never writes it.)
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }

    /** @throws IllegalArgumentException if {@code s} is not canonical unpadded base64url */
    public static byte[] decode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("character " + i + " is not in the base64url alphabet");
            }
        }
        if (s.length() % 4 == 1) {
            throw new IllegalArgumentException("impossible base64url length");
        }
        byte[] out = DECODER.decode(s);
        if (!ENCODER.encodeToString(out).equals(s)) {
            throw new IllegalArgumentException("non-canonical base64url (trailing bits set)");
        }
        return out;
    }
}
