package cn.tongban.hub.protocol;

/** A message that passed every check of TEP-1 §4 this core makes (2-8, 10, 11), with its plaintext body. */
public record OpenedMessage(VerifiedMessage verified, byte[] plaintext) {
    public TepHeader header() {
        return verified.header();
    }

    public ParsedMessage message() {
        return verified.message();
    }
}
