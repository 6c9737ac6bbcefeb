package cn.tongban.hub.exchange;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.TestFederation;
import cn.tongban.hub.transport.TepHttpClient;
import cn.tongban.hub.transport.TransportTls;

/**
 * A test federation whose nodes listen on free loopback ports: the material (made by the pki code), each
 * node's port, and directories signed with other {@code accepts} when a test needs them.
 */
public final class LoopbackFederation {
    public final Path dir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private LoopbackFederation(Path dir) {
        this.dir = dir;
    }

    public static LoopbackFederation create(Path dir, String... nodes) throws Exception {
        LoopbackFederation f = new LoopbackFederation(dir);
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (String n : nodes) {
            f.ports.put(n, HubFixture.freePort());
            endpoints.put(n, HubFixture.endpointFor(f.ports.get(n)));
        }
        new TestFederation(dir, Clock.systemUTC()).create(List.of(nodes), TestFederation.DEFAULT_ENDPOINT, endpoints);
        return f;
    }

    public int port(String node) {
        return ports.get(node);
    }

    /** A hub for {@code node} of this federation, its data under {@code dataDir}; not started. */
    public HubFixture hub(String node, Path dataDir) {
        return new HubFixture(node, dir, dataDir, port(node));
    }

    /**
     * A hub for {@code node} listening on {@code tlsPort} instead of the port the directory lists for it, so that
     * something else (a {@link FaultyLink}) can take the listed port and stand between the node and its peers.
     */
    public HubFixture hubBehind(String node, Path dataDir, int tlsPort) {
        return new HubFixture(node, dir, dataDir, tlsPort);
    }

    /** The TLS context of {@code node}'s transport certificate, trusting this federation's TLS root. */
    public SSLContext tls(String node) throws java.io.IOException {
        return TransportTls.context(dir.resolve(node + ".tls.pem"), dir.resolve(node + ".tls.key"), dir.resolve("tls-root.pem"));
    }

    /**
     * A TEP client presenting {@code node}'s transport certificate. Its connect timeout is long on purpose: a test
     * that posts one message is not about timeouts, and on a busy 2-core CI machine (two hubs in the process, a
     * thousand messages just exchanged) a fresh TLS handshake once took longer than 5 s and failed a run.
     */
    public TepHttpClient clientAs(String node) throws java.io.IOException {
        return new TepHttpClient(tls(node), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** A directory of every node (same endpoints), signed as {@code version}; nodes not in {@code accepts} accept all. */
    public byte[] directory(long version, Map<String, List<Directory.Acceptance>> accepts) throws Exception {
        CertificateAuthority signer = CertificateAuthority.load(dir, "directory", List.of(Pem.readCertificate(dir.resolve("intermediate.pem"))));
        List<DirectoryPublisher.Entry> entries = new ArrayList<>();
        for (String n : ports.keySet()) {
            X509Certificate cert = Pem.readCertificate(dir.resolve(n + ".pem"));
            entries.add(new DirectoryPublisher.Entry(n, "Tongban Node " + n, HubFixture.endpointFor(port(n)), cert, cert,
                    List.of(Pem.readCertificate(dir.resolve(n + ".tls.pem"))),
                    accepts.getOrDefault(n, DirectoryPublisher.acceptAll())));
        }
        return new DirectoryPublisher(signer.credential().sm2Key(), signer.credential().chain(), Clock.systemUTC())
                .publish(version, entries, List.of()).bytes();
    }
}
