package cn.tongban.hub.protocol;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receipts (TEP-1 §5): the receiver's signed proof that it durably stored a message.
 */
public final class Receipts {
    public static final String TYPE = "receipt";

    private Receipts() {
    }

    /** The receipt for {@code received}, signed by {@code sealer} (the receiver's signing identity). */
    public static SealedMessage build(MessageSealer sealer, ParsedMessage received, OffsetDateTime receivedAt) {
        TepHeader h = received.header();
        ObjectNode body = TepJson.MAPPER.createObjectNode();
        body.put("status", "accepted");
        body.put("digest", received.digest());
        body.put("receivedAt", receivedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return sealer.seal(SealRequest.builder(h.to().node(), h.from().node(), TYPE)
                .from(h.to()).to(h.from())
                .ref(h.id()).conv(h.conv())
                .cty("application/json")
                .body(TepJson.write(body))
                .build());
    }

    /** What a verified receipt proves. */
    public record Proof(String messageId, String digest, String receivedAt, VerifiedMessage receipt) {
    }

    /**
     * What the receipt of a message this node sent must acknowledge: the message's id, the node it went to, its
     * conversation and the digest of exactly the bytes sent (TEP-1 §5).
     */
    public record Expected(String messageId, String toNode, String conv, String digest) {
        static Expected of(TepHeader sent, String digest) {
            return new Expected(sent.id(), sent.to().node(), sent.conv(), digest);
        }
    }

    /**
     * Verifies the receipt for a message this node sent: signature and chain through {@code opener} (the
     * sender's own opener; steps 2-8, and the directory's listing of the signer when it holds one), sent by
     * the node the message went to, of type {@code receipt}, {@code ref} = the message's id, and the digest
     * of exactly the bytes that were sent.
     */
    public static Proof verify(MessageOpener opener, SealedMessage sent, byte[] receipt) throws Refusal {
        return verify(opener, Expected.of(sent.header(), sent.digest()), receipt);
    }

    /** The same, for a sent message read back from the store ({@code sent} = its exact bytes, parsed). */
    public static Proof verify(MessageOpener opener, ParsedMessage sent, byte[] receipt) throws Refusal {
        return verify(opener, Expected.of(sent.header(), sent.digest()), receipt);
    }

    /**
     * The same, from what was kept of the message when it was sealed: the sender's delivery attempts use the id,
     * node, conversation and digest stored with its bytes, rather than parsing and hashing those bytes again on
     * every attempt.
     */
    public static Proof verify(MessageOpener opener, Expected sent, byte[] receipt) throws Refusal {
        VerifiedMessage v = opener.verify(receipt);
        TepHeader h = v.header();
        if (!TYPE.equals(h.type()) || !sent.messageId().equals(h.ref()) || !sent.toNode().equals(h.from().node())
                || !sent.conv().equals(h.conv()) || h.encrypted()) {
            throw new Refusal(RefusalCode.MALFORMED, "not the receipt of message " + sent.messageId());
        }
        JsonNode b;
        try {
            b = TepJson.read(v.message().body());
        } catch (IllegalArgumentException e) {
            throw new Refusal(RefusalCode.MALFORMED, "receipt body is not JSON");
        }
        if (!b.path("status").asText("").equals("accepted") || !b.path("digest").asText("").equals(sent.digest())) {
            throw new Refusal(RefusalCode.MALFORMED, "the receipt does not acknowledge exactly the bytes sent");
        }
        return new Proof(sent.messageId(), sent.digest(), b.path("receivedAt").asText(null), v);
    }
}
