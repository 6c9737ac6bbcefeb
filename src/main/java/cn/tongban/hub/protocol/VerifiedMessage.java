package cn.tongban.hub.protocol;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A message that passed TEP-1 §4 steps 2-8: well-formed, supported, signed by a trusted certificate of the
 * node it claims to come from, addressed to this receiver and within its lifetime. Not yet authorised
 * (step 10) nor decrypted (step 11): a receiver de-duplicates (step 9) between the two.
 */
public record VerifiedMessage(ParsedMessage message, List<X509Certificate> signerPath) {
    public TepHeader header() {
        return message.header();
    }
}
