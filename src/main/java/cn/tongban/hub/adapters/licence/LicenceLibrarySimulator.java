package cn.tongban.hub.adapters.licence;

import cn.tongban.hub.cases.LicenceId;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.tongban.hub.cases.PersonalData;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.protocol.Base64Url;
import cn.tongban.hub.protocol.TepJson;

/**
 * A licence library speaking the contract of this package (see package-info), for tests and demos: an
 * in-memory set of licences (by default the synthetic {@code demo-licences.json}), answers signed with an SM2
 * key. {@link Fault}s make it misbehave the ways a client must notice.
 *
 * <pre>
 * java -cp target/tongban-hub.jar -Dloader.main=cn.tongban.hub.adapters.licence.LicenceLibrarySimulator \
 *      org.springframework.boot.loader.launch.PropertiesLauncher [--port 8090] [--bind 127.0.0.1]
 *      [--key SIGNER.key --cert SIGNER.pem | --credentials DIR] [--data LICENCES.json]
 * </pre>
 * Without {@code --key}/{@code --cert} it signs with a demo CA and signer kept in {@code --credentials}
 * (default {@code data/licence-library}, made on first run): trust {@code DIR/library-ca.pem} in the hub.
 */
public final class LicenceLibrarySimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LicenceLibrarySimulator.class);

    /** Misbehaviour on demand. */
    public enum Fault {
        /** Every answer is 503 (the library is down for maintenance). */
        UNAVAILABLE,
        /** Answers come after {@link #slowness(Duration)} (default 30 s). */
        SLOW,
        /** The signed data is altered after signing (end of validity moved to 2099-12-31). */
        TAMPERED_DATA,
        /** The signature has one bit flipped. */
        TAMPERED_SIGNATURE,
        /** The holder asked about is not compared: the licence is served to anyone who knows its identifier. */
        IGNORE_HOLDER,
        /** The request's nonce is not echoed in the signed data (as a replayed old answer would be). */
        NO_NONCE
    }

    private final ECPrivateKeyParameters key;
    private final X509Certificate signer;
    private final Clock clock;
    private final Map<String, Map<String, String>> licences = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Set<Fault> faults = EnumSet.noneOf(Fault.class);
    private volatile Duration slowness = Duration.ofSeconds(30);
    private HttpServer server;
    private ExecutorService executor;

    public LicenceLibrarySimulator(ECPrivateKeyParameters key, X509Certificate signer, Clock clock) {
        this.key = key;
        this.signer = signer;
        this.clock = clock;
    }

    /** Adds or replaces a licence: GB/T 36903 fields by their Chinese names, plus {@code status}. */
    public LicenceLibrarySimulator put(Map<String, String> licence) {
        String id = licence.get(LibraryContract.ID);
        String problem = LicenceId.problem(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (licence.get(LibraryContract.HOLDER_CODE) == null || licence.get(LibraryContract.STATUS) == null) {
            throw new IllegalArgumentException("a licence needs " + LibraryContract.HOLDER_CODE + " and " + LibraryContract.STATUS);
        }
        licences.put(id, new LinkedHashMap<>(licence));
        return this;
    }

    /** Loads a JSON array of licences. */
    public LicenceLibrarySimulator load(InputStream json) throws IOException {
        List<Map<String, String>> list = LicenceJson.MAPPER.readValue(json, new TypeReference<List<Map<String, String>>>() {
        });
        list.forEach(this::put);
        return this;
    }

    /** Loads the synthetic demo set (a 营业执照 of an enterprise, a person's driving licence, revoked and expired ones). */
    public LicenceLibrarySimulator loadDemoData() throws IOException {
        try (InputStream in = LicenceLibrarySimulator.class.getResourceAsStream("demo-licences.json")) {
            if (in == null) {
                throw new IOException("demo-licences.json missing from the class path");
            }
            return load(in);
        }
    }

    public Map<String, Map<String, String>> licences() {
        return Map.copyOf(licences);
    }

    public void faults(Fault... f) {
        Set<Fault> s = EnumSet.noneOf(Fault.class);
        s.addAll(List.of(f));
        faults = s;
    }

    public void slowness(Duration d) {
        slowness = d;
    }

    /** Requests received so far (any path). */
    public int requests() {
        return requests.get();
    }

    public X509Certificate signer() {
        return signer;
    }

    /** Starts serving on {@code address} (port 0: a free one); returns the port. */
    public synchronized int start(InetSocketAddress address) throws IOException {
        server = HttpServer.create(address, 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "licence-library-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    /** What to configure as {@code tongban.adapters.licence.base-url}. */
    public URI baseUrl() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        try (x) {
            Set<Fault> f = faults;
            if (f.contains(Fault.SLOW)) {
                try {
                    Thread.sleep(slowness.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (f.contains(Fault.UNAVAILABLE)) {
                error(x, 503, LibraryContract.UNAVAILABLE);
                return;
            }
            String path = x.getRequestURI().getRawPath();
            if (!path.startsWith("/" + LibraryContract.PATH) || path.length() == LibraryContract.PATH.length() + 1) {
                error(x, 404, LibraryContract.NOT_FOUND);
                return;
            }
            if (!"GET".equals(x.getRequestMethod())) {
                x.getResponseHeaders().add("Allow", "GET");
                error(x, 405, LibraryContract.BAD_REQUEST);
                return;
            }
            String id = URLDecoder.decode(path.substring(LibraryContract.PATH.length() + 1), StandardCharsets.UTF_8);
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            String holder = q.get(LibraryContract.Q_HOLDER);
            if (holder == null || holder.isBlank()) {
                error(x, 400, LibraryContract.BAD_REQUEST);
                return;
            }
            Map<String, String> licence = licences.get(id);
            if (licence == null) {
                LOG.info("licence {} for holder {}: not found", id, PersonalData.maskIdNumber(holder));
                error(x, 404, LibraryContract.NOT_FOUND);
                return;
            }
            if (!f.contains(Fault.IGNORE_HOLDER) && !LicenceLibraryClient.normalise(holder)
                    .equals(LicenceLibraryClient.normalise(licence.get(LibraryContract.HOLDER_CODE)))) {
                LOG.info("licence {} for holder {}: held by someone else", id, PersonalData.maskIdNumber(holder));
                error(x, 403, LibraryContract.HOLDER_MISMATCH);
                return;
            }
            Map<String, String> signed = new LinkedHashMap<>(licence);
            signed.put(LibraryContract.STATUS_AT, OffsetDateTime.now(clock).withOffsetSameInstant(LicenceVerdict.CST)
                    .truncatedTo(ChronoUnit.SECONDS).toString());
            String nonce = q.get(LibraryContract.Q_NONCE);
            if (nonce != null && !f.contains(Fault.NO_NONCE)) {
                signed.put(LibraryContract.NONCE, nonce);
            }
            byte[] data = TepJson.write(signed);
            byte[] signature = Sm2.sign(key, data);
            if (f.contains(Fault.TAMPERED_DATA)) {
                signed.put(LibraryContract.VALID_UNTIL, "2099-12-31");
                data = TepJson.write(signed);
            }
            if (f.contains(Fault.TAMPERED_SIGNATURE)) {
                signature[signature.length - 1] ^= 1;
            }
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put(LibraryContract.LICENCE, Base64Url.encode(data));
            answer.put(LibraryContract.SIGNATURE, Base64Url.encode(signature));
            answer.put(LibraryContract.SIGNER, Base64Url.encode(signer.getEncoded()));
            LOG.info("licence {} for holder {}: {}", id, PersonalData.maskIdNumber(holder), licence.get(LibraryContract.STATUS));
            send(x, 200, TepJson.write(answer));
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                q.putIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void error(HttpExchange x, int status, String code) throws IOException {
        send(x, status, TepJson.write(Map.of(LibraryContract.CODE, code)));
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** Demo credentials in {@code dir}: {@code library-ca.pem} (trust this) and {@code library-signer.pem/.key}; made when missing. */
    static Credential demoCredentials(Path dir, Clock clock) throws IOException {
        Path cert = dir.resolve("library-signer.pem");
        Path key = dir.resolve("library-signer.key");
        if (Files.exists(cert) && Files.exists(key)) {
            X509Certificate c = Pem.readCertificate(cert);
            return new Credential(c, Pem.readPrivateKeyInfo(key, null), List.of());
        }
        Files.createDirectories(dir);
        Instant now = clock.instant();
        CertificateAuthority ca = CertificateAuthority.newRoot("Licence Library Demo CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)));
        Files.writeString(dir.resolve("library-ca.pem"), Pem.toPem(ca.certificate()));
        Credential signer = ca.issueLeaf("Licence Library Demo", "Licence Library Signer", List.of(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(825)));
        signer.write(dir, "library-signer");
        return signer;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!List.of("--port", "--bind", "--key", "--cert", "--credentials", "--data").contains(a) || i + 1 >= args.length) {
                System.err.println("usage: LicenceLibrarySimulator [--port 8090] [--bind 127.0.0.1] "
                        + "[--key SIGNER.key --cert SIGNER.pem | --credentials DIR] [--data LICENCES.json]");
                System.exit(2);
            }
            o.put(a, args[++i]);
        }
        Clock clock = Clock.systemUTC();
        ECPrivateKeyParameters key;
        X509Certificate cert;
        String trustHint;
        if (o.containsKey("--key") || o.containsKey("--cert")) {
            String pw = System.getenv("TONGBAN_KEY_PASSWORD");
            key = Pem.readSm2PrivateKey(Path.of(o.get("--key")), pw == null ? null : pw.toCharArray());
            cert = Pem.readCertificate(Path.of(o.get("--cert")));
            trustHint = "--tongban.adapters.licence.signer-certificates[0]=" + Path.of(o.get("--cert")).toAbsolutePath();
        } else {
            Path dir = Path.of(o.getOrDefault("--credentials", "data/licence-library"));
            Credential c = demoCredentials(dir, clock);
            key = c.sm2Key();
            cert = c.certificate();
            trustHint = "--tongban.adapters.licence.trust-roots[0]=" + dir.resolve("library-ca.pem").toAbsolutePath();
        }
        LicenceLibrarySimulator sim = new LicenceLibrarySimulator(key, cert, clock);
        if (o.containsKey("--data")) {
            try (InputStream in = Files.newInputStream(Path.of(o.get("--data")))) {
                sim.load(in);
            }
        } else {
            sim.loadDemoData();
        }
        sim.start(new InetSocketAddress(o.getOrDefault("--bind", "127.0.0.1"), Integer.parseInt(o.getOrDefault("--port", "8090"))));
        System.out.println("licence library simulator: " + sim.baseUrl() + LibraryContract.PATH + "{licenceId}?holder=CODE, "
                + sim.licences().size() + " licences");
        System.out.println("hub settings: --tongban.adapters.licence.enabled=true --tongban.adapters.licence.base-url="
                + sim.baseUrl() + " " + trustHint);
        for (Map<String, String> l : sim.licences().values()) {
            System.out.println("  " + l.get(LibraryContract.ID) + "  " + l.get("证照名称") + "  " + l.get(LibraryContract.STATUS)
                    + "  holder " + PersonalData.maskIdNumber(l.get(LibraryContract.HOLDER_CODE)));
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }));
        stop.await();
    }
}
