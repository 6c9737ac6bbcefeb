package cn.tongban.hub.directory;

import java.io.IOException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.protocol.SenderPolicy;
import cn.tongban.hub.protocol.TepHeader;

/**
 * A verified federation directory (TEP-1 §6). Obtain one through {@link DirectoryVerifier}; the constructor
 * only reads the body.
 */
public final class Directory implements SenderPolicy {
    /** One {@code accepts} rule: {@code "*"} matches anything. */
    public record Acceptance(String type, List<String> svc, List<String> from) {
        boolean matches(String fromNode, String msgType, String msgSvc) {
            return ("*".equals(type) || type.equals(msgType))
                    && (from.contains("*") || from.contains(fromNode))
                    && (svc.contains("*") || (msgSvc != null && svc.contains(msgSvc)));
        }
    }

    /** One node of the federation. */
    public record Node(String node, String name, String endpoint, List<String> signCerts,
                       X509Certificate encryptionCertificate, List<Acceptance> accepts, List<String> tlsCerts) {
    }

    private final long version;
    private final String issuedAt;
    private final Map<String, Node> nodes;
    private final List<X509CRL> crls;
    private final TepHeader header;
    private final byte[] raw;

    Directory(JsonNode body, TepHeader header, byte[] raw) throws IOException {
        JsonNode v = body.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IOException("directory version is missing or not an integer");
        }
        this.version = v.longValue();
        this.issuedAt = body.path("issuedAt").asText(null);
        JsonNode ns = body.get("nodes");
        if (ns == null || !ns.isArray()) {
            throw new IOException("directory nodes are missing");
        }
        Map<String, Node> m = new LinkedHashMap<>();
        for (JsonNode n : ns) {
            String code = requiredText(n, "node");
            X509Certificate enc = null;
            if (n.hasNonNull("encCert")) {
                enc = Pem.certificate(decodeStd(requiredText(n, "encCert")));
            }
            List<Acceptance> acc = new ArrayList<>();
            for (JsonNode a : n.path("accepts")) {
                acc.add(new Acceptance(requiredText(a, "type"),
                        a.has("svc") ? strings(a.get("svc")) : List.of("*"),
                        a.has("from") ? strings(a.get("from")) : List.of("*")));
            }
            m.put(code, new Node(code, n.path("name").asText(""), n.path("endpoint").asText(null),
                    strings(n.path("signCerts")), enc, List.copyOf(acc), strings(n.path("tlsCerts"))));
        }
        this.nodes = java.util.Collections.unmodifiableMap(m);
        List<X509CRL> c = new ArrayList<>();
        for (JsonNode crl : body.path("crls")) {
            c.add(Pem.crl(decodeStd(crl.asText())));
        }
        this.crls = List.copyOf(c);
        this.header = header;
        this.raw = raw;
    }

    public long version() {
        return version;
    }

    public String issuedAt() {
        return issuedAt;
    }

    /** The directory message's header; its {@code exp} is when the directory service must have re-signed it. */
    public TepHeader header() {
        return header;
    }

    /** The signed directory exactly as received, for keeping or passing on. */
    public byte[] raw() {
        return raw.clone();
    }

    public Map<String, Node> nodes() {
        return nodes;
    }

    public Optional<Node> node(String code) {
        return Optional.ofNullable(nodes.get(code));
    }

    @Override
    public boolean listsSigningCertificate(String node, String certSm3Hex) {
        Node n = nodes.get(node);
        return n != null && n.signCerts().contains(certSm3Hex);
    }

    @Override
    public boolean allows(String from, String to, String type, String svc) {
        Node n = nodes.get(to);
        return n != null && n.accepts().stream().anyMatch(a -> a.matches(from, type, svc));
    }

    @Override
    public Collection<X509CRL> crls() {
        return crls;
    }

    private static String requiredText(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new IOException("directory member " + name + " is missing or not a string");
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode arr) throws IOException {
        List<String> out = new ArrayList<>();
        if (arr == null || arr.isMissingNode() || arr.isNull()) {
            return out;
        }
        if (!arr.isArray()) {
            throw new IOException("directory member is not an array");
        }
        for (JsonNode s : arr) {
            if (!s.isTextual()) {
                throw new IOException("directory array holds a non-string");
            }
            out.add(s.textValue());
        }
        return List.copyOf(out);
    }

    private static byte[] decodeStd(String b64) throws IOException {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IOException("not standard base64", e);
        }
    }
}
