package cn.tongban.hub.directory;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.crypto.Sm3;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;
import cn.tongban.hub.protocol.TepJson;

/**
 * The directory service's side of TEP-1 §6: writes and signs a directory. Used by the {@code pki} command
 * for test federations and by tests; a federation's real directory service does the same with its key.
 */
public final class DirectoryPublisher {
    /** The longest a message may live (TEP-1 §4 step 8), so the longest a directory may be valid. */
    public static final Duration LIFETIME = Duration.ofDays(7);

    /** One node as the directory lists it. */
    public record Entry(String node, String name, String endpoint, X509Certificate signCert, X509Certificate encCert,
                        List<X509Certificate> tlsCerts, List<Directory.Acceptance> accepts) {
    }

    private final MessageSealer sealer;
    private final Clock clock;

    /** @param chain the directory signer's certificate first, then any intermediates */
    public DirectoryPublisher(ECPrivateKeyParameters signerKey, List<X509Certificate> chain, Clock clock) {
        this.sealer = new MessageSealer(signerKey, chain, clock);
        this.clock = clock;
    }

    public SealedMessage publish(long version, List<Entry> entries, List<X509CRL> crls) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(MessageSealer.CST).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode body = TepJson.MAPPER.createObjectNode();
        body.put("version", version);
        body.put("issuedAt", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        ArrayNode nodes = body.putArray("nodes");
        for (Entry e : entries) {
            ObjectNode n = nodes.addObject();
            n.put("node", e.node());
            n.put("name", e.name());
            n.put("endpoint", e.endpoint());
            n.putArray("signCerts").add(Sm3.hex(der(e.signCert())));
            n.put("encCert", Base64.getEncoder().encodeToString(der(e.encCert())));
            ArrayNode acc = n.putArray("accepts");
            for (Directory.Acceptance a : e.accepts()) {
                ObjectNode o = acc.addObject();
                o.put("type", a.type());
                a.svc().forEach(o.putArray("svc")::add);
                a.from().forEach(o.putArray("from")::add);
            }
            if (!e.tlsCerts().isEmpty()) {
                ArrayNode t = n.putArray("tlsCerts");
                e.tlsCerts().forEach(c -> t.add(Sm3.hex(der(c))));
            }
        }
        if (!crls.isEmpty()) {
            ArrayNode c = body.putArray("crls");
            for (X509CRL crl : crls) {
                try {
                    c.add(Base64.getEncoder().encodeToString(crl.getEncoded()));
                } catch (java.security.cert.CRLException ex) {
                    throw new IllegalArgumentException(ex);
                }
            }
        }
        return sign(body, now);
    }

    /** Seals a directory body: from and to 000000, type directory, in the clear, living {@link #LIFETIME}. */
    private SealedMessage sign(ObjectNode body, OffsetDateTime now) {
        return sealer.seal(SealRequest.builder(DirectoryVerifier.DIRECTORY_NODE, DirectoryVerifier.DIRECTORY_NODE,
                        DirectoryVerifier.TYPE)
                .iat(now).exp(now.plus(LIFETIME))
                .body(TepJson.write(body))
                .build());
    }

    /**
     * The same directory body signed again with a new version and issue time: how a directory service renews a
     * directory before its {@code exp} when nothing in it changed.
     */
    public SealedMessage republish(Directory directory, long newVersion) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(MessageSealer.CST).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode body;
        try {
            body = (ObjectNode) TepJson.read(cn.tongban.hub.protocol.MessageParser.parse(directory.raw()).body());
        } catch (cn.tongban.hub.protocol.Refusal e) {
            throw new IllegalArgumentException("not a directory message", e);
        }
        body.put("version", newVersion);
        body.put("issuedAt", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return sign(body, now);
    }

    /** Accept everything from everyone: a test federation's default. */
    public static List<Directory.Acceptance> acceptAll() {
        return List.of(new Directory.Acceptance("*", List.of("*"), List.of("*")));
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
