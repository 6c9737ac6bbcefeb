package cn.tongban.hub.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.protocol.SealedMessage;
import cn.tongban.hub.protocol.TepJson;

/**
 * Writes a test federation into a folder, in the layout {@code tepkit.py} reads:
 * <pre>
 *   root.pem/.key            SM2 federation root (trust this)
 *   intermediate.pem/.key    SM2 intermediate CA issuing the node and directory certificates
 *   NODE.pem/.key            node SM2 certificate (signing and encryption) and PKCS#8 key
 *   NODE.chain.pem           NODE.pem followed by intermediate.pem (what x5c carries)
 *   directory.pem/.key       directory signer (SAN urn:tongban:directory)
 *   directory.chain.pem      directory.pem followed by intermediate.pem
 *   tls-root.pem/.key        ECDSA P-256 transport root
 *   NODE.tls.pem/.key        node TLS certificate (server and client)
 *   directory.tep.json       the signed directory listing every node of the folder
 * </pre>
 * A folder that already holds a federation is extended: its CAs are kept and new nodes are added; the
 * directory is re-signed with the next version.
 */
public final class TestFederation {
    public static final String DEFAULT_ENDPOINT = "https://127.0.0.1:{port}/tep/v1/messages";
    public static final int FIRST_PORT = 8443;

    private final Path dir;
    private final Clock clock;

    public TestFederation(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * Makes (or extends) the federation with {@code nodes}. {@code {node}} and {@code {port}} in the endpoint
     * template become each node's code and {@link #FIRST_PORT} plus its position in the sorted node list.
     *
     * @return the signed directory
     */
    public SealedMessage create(List<String> nodes, String endpointTemplate) throws IOException {
        return create(nodes, endpointTemplate, java.util.Map.of());
    }

    /** The same, with the endpoints of some nodes given outright (tests bind hubs to free ports). */
    public SealedMessage create(List<String> nodes, String endpointTemplate, java.util.Map<String, String> endpoints)
            throws IOException {
        Files.createDirectories(dir);
        Instant now = clock.instant();
        Instant notBefore = now.minus(Duration.ofDays(1));
        CertificateAuthority root;
        CertificateAuthority inter;
        TransportAuthority tlsRoot;
        if (Files.exists(dir.resolve("root.pem"))) {
            root = CertificateAuthority.load(dir, "root", List.of());
            inter = CertificateAuthority.load(dir, "intermediate", List.of());
            tlsRoot = TransportAuthority.load(dir, "tls-root");
        } else {
            root = CertificateAuthority.newRoot("Tongban Test Root CA", notBefore, now.plus(Duration.ofDays(3650)));
            root.credential().write(dir, "root");
            inter = root.newIntermediate("Tongban Test Intermediate CA", notBefore, now.plus(Duration.ofDays(3000)));
            inter.credential().write(dir, "intermediate");
            Credential signer = inter.issueDirectorySigner(notBefore, now.plus(Duration.ofDays(825)));
            signer.write(dir, "directory");
            Files.writeString(dir.resolve("directory.chain.pem"), Pem.toPem(signer.certificate(), inter.certificate()));
            tlsRoot = TransportAuthority.newRoot(notBefore, now.plus(Duration.ofDays(3650)));
            tlsRoot.rootCredential().write(dir, "tls-root");
        }
        X509Certificate interCert = inter.certificate();
        TreeSet<String> all = new TreeSet<>(existingNodes());
        for (String n : nodes) {
            if (!n.matches("\\d{6}")) {
                throw new IllegalArgumentException("a node code is 6 digits (GB/T 2260): " + n);
            }
            if (!all.contains(n)) {
                Credential c = inter.issueNode(n, notBefore, now.plus(Duration.ofDays(825)));
                c.write(dir, n);
                Files.writeString(dir.resolve(n + ".chain.pem"), Pem.toPem(c.certificate(), interCert));
                // the endpoint's host name, when it is one (a container's, e.g. https://hub-{node}:8444/...), is named too
                String host = java.net.URI.create(endpoints.getOrDefault(n,
                        endpointTemplate.replace("{node}", n).replace("{port}", String.valueOf(FIRST_PORT)))).getHost();
                List<String> hostNames = host == null || host.matches("[0-9.]+|\\[.*\\]") ? List.of() : List.of(host);
                tlsRoot.issueNode(n, notBefore, now.plus(Duration.ofDays(825)), hostNames).write(dir, n + ".tls");
                all.add(n);
            }
        }
        List<DirectoryPublisher.Entry> entries = new ArrayList<>();
        int i = 0;
        for (String n : all) {
            X509Certificate cert = Pem.readCertificate(dir.resolve(n + ".pem"));
            X509Certificate tls = Pem.readCertificate(dir.resolve(n + ".tls.pem"));
            String endpoint = endpoints.getOrDefault(n,
                    endpointTemplate.replace("{node}", n).replace("{port}", String.valueOf(FIRST_PORT + i)));
            i++;
            entries.add(new DirectoryPublisher.Entry(n, "Tongban Node " + n, endpoint, cert, cert, List.of(tls),
                    DirectoryPublisher.acceptAll()));
        }
        CertificateAuthority dirSigner = CertificateAuthority.load(dir, "directory", List.of(interCert));
        SealedMessage directory = new DirectoryPublisher(dirSigner.credential().sm2Key(), dirSigner.credential().chain(), clock)
                .publish(nextDirectoryVersion(), entries, List.of());
        Files.write(dir.resolve("directory.tep.json"), directory.bytes());
        return directory;
    }

    private List<String> existingNodes() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.matches("\\d{6}\\.pem"))
                    .map(f -> f.substring(0, 6)).toList();
        }
    }

    private long nextDirectoryVersion() throws IOException {
        Path d = dir.resolve("directory.tep.json");
        if (!Files.exists(d)) {
            return 1;
        }
        try {
            var msg = TepJson.read(Files.readAllBytes(d));
            var body = TepJson.read(cn.tongban.hub.protocol.Base64Url.decode(msg.get("payload").asText()));
            return body.get("version").asLong() + 1;
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
