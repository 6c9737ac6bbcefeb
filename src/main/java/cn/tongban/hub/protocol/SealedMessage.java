package cn.tongban.hub.protocol;

import java.nio.charset.StandardCharsets;

/** A message as sealed: the exact bytes to send (every retry sends these same bytes, TEP-1 §7) and its header. */
public record SealedMessage(byte[] bytes, TepHeader header, String protectedText, String payloadText) {
    public String id() {
        return header.id();
    }

    /** Hex SM3 of the signing input: what the receipt's {@code digest} must equal. */
    public String digest() {
        return cn.tongban.hub.crypto.Sm3.hex((protectedText + "." + payloadText).getBytes(StandardCharsets.US_ASCII));
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
