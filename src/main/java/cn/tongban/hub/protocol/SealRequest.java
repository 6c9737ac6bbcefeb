package cn.tongban.hub.protocol;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What a sender puts in a message. Null optional members are left out of the header; a null {@code id} or
 * {@code conv} gets a fresh time-ordered UUID ({@link MessageIds}), a null {@code iat} the sealer's clock, a
 * null {@code exp} {@code iat} plus {@link #DEFAULT_LIFETIME}. With a {@code recipientEncryptionCertificate} the
 * body is sealed with SM4-GCM, without one it travels as plaintext ({@code enc: none}).
 */
public record SealRequest(
        NodeAddress from,
        NodeAddress to,
        String type,
        String conv,
        String ref,
        String svc,
        String id,
        OffsetDateTime iat,
        OffsetDateTime exp,
        String cty,
        byte[] body,
        X509Certificate recipientEncryptionCertificate) {

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

    public static Builder builder(String fromNode, String toNode, String type) {
        return new Builder(NodeAddress.of(fromNode), NodeAddress.of(toNode), type);
    }

    /** Fluent construction: most messages set only a few of the members. */
    public static final class Builder {
        private NodeAddress from;
        private NodeAddress to;
        private final String type;
        private String conv;
        private String ref;
        private String svc;
        private String id;
        private OffsetDateTime iat;
        private OffsetDateTime exp;
        private String cty = "application/json";
        private byte[] body = new byte[0];
        private X509Certificate recipient;

        private Builder(NodeAddress from, NodeAddress to, String type) {
            this.from = from;
            this.to = to;
            this.type = type;
        }

        public Builder from(NodeAddress a) { this.from = a; return this; }
        public Builder to(NodeAddress a) { this.to = a; return this; }
        public Builder conv(String v) { this.conv = v; return this; }
        public Builder ref(String v) { this.ref = v; return this; }
        public Builder svc(String v) { this.svc = v; return this; }
        public Builder id(String v) { this.id = v; return this; }
        public Builder iat(OffsetDateTime v) { this.iat = v; return this; }
        public Builder exp(OffsetDateTime v) { this.exp = v; return this; }
        public Builder cty(String v) { this.cty = v; return this; }
        public Builder body(byte[] v) { this.body = v; return this; }
        /** Encrypt the body (SM4-GCM) to this encryption certificate; null sends it in the clear. */
        public Builder encryptTo(X509Certificate v) { this.recipient = v; return this; }

        public SealRequest build() {
            return new SealRequest(from, to, type, conv, ref, svc, id, iat, exp, cty, body, recipient);
        }
    }
}
