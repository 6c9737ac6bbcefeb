package cn.tongban.hub.protocol;

import java.nio.charset.StandardCharsets;

import cn.tongban.hub.crypto.Sm3;

/**
 * A message that passed TEP-1 §4 step 2 (shape): the three member texts, the decoded header, body and
 * signature, and the message bytes exactly as received.
 */
public record ParsedMessage(byte[] raw, String protectedText, String payloadText, String signatureText,
                            TepHeader header, byte[] body, byte[] signature) {

    /** The ASCII bytes of {@code protected + "." + payload}: what the signature covers. */
    public byte[] signingInput() {
        return (protectedText + "." + payloadText).getBytes(StandardCharsets.US_ASCII);
    }

    /** Hex SM3 of the signing input: the {@code digest} of this message's receipt (§5). */
    public String digest() {
        return Sm3.hex(signingInput());
    }
}
