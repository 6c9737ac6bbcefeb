package cn.tongban.hub.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the hub, under {@code tongban.*}. The defaults in {@code application.yaml} run node 370000
 * of the committed test federation ({@code certs/test-federation}) on the embedded store and broker.
 * The store's JDBC URL and the broker are Spring Boot's own {@code spring.datasource.*} and
 * {@code spring.artemis.*} properties (see README, "Configuration").
 */
@ConfigurationProperties("tongban")
public class HubProperties {
    /** This hub's node code (GB/T 2260 division code of its region, e.g. 370000). */
    private String node = "370000";
    /** This hub's organisation (unified social credit code), written as {@code from.org}; optional. */
    private String org;
    /** Where the embedded store and broker keep their files. */
    private Path dataDir = Path.of("data");
    private final Identity identity = new Identity();
    private final Tls tls = new Tls();
    private final Trust trust = new Trust();
    private final Directory directory = new Directory();
    private final Limits limits = new Limits();
    private final Retry retry = new Retry();
    private final Api api = new Api();
    private final Delivery delivery = new Delivery();
    private final Store store = new Store();
    private final Queries queries = new Queries();
    private final Bundles bundles = new Bundles();

    /** 一件事一次办: the departments a bundle fans out to. */
    public static class Bundles {
        /** Each department's system: {@code tongban.bundles.departments.<name>.url} and an optional {@code .timeout}. */
        private java.util.Map<String, Department> departments = new java.util.LinkedHashMap<>();
        /** Time-out of a department without its own. */
        private Duration defaultTimeout = Duration.ofSeconds(30);
        /** Parallel calls to departments at most. */
        private int parallelism = 16;

        /** One department's system. */
        public static class Department {
            /** Where its system takes canonical cases ({@code POST}, JSON in, case status out). */
            private java.net.URI url;
            /** How long the bundle waits for it. */
            private Duration timeout;

            public java.net.URI getUrl() { return url; }
            public void setUrl(java.net.URI v) { url = v; }
            public Duration getTimeout() { return timeout; }
            public void setTimeout(Duration v) { timeout = v; }
        }

        public java.util.Map<String, Department> getDepartments() { return departments; }
        public void setDepartments(java.util.Map<String, Department> v) { departments = v; }
        public Duration getDefaultTimeout() { return defaultTimeout; }
        public void setDefaultTimeout(Duration v) { defaultTimeout = v; }
        public int getParallelism() { return parallelism; }
        public void setParallelism(int v) { parallelism = v; }
    }

    /** Questions across regions (data.query). */
    public static class Queries {
        /** How long {@code POST /api/v1/queries} waits for the answer by default before returning a ticket. */
        private Duration defaultWait = Duration.ofSeconds(10);
        /** Longest wait a caller may ask for. */
        private Duration maxWait = Duration.ofSeconds(60);
        /**
         * JSON file of real-estate registrations answering {@code real-estate.registration} queries (a stand-in
         * for the registry's own system; unset: this hub answers no such query).
         */
        private Path realEstateData;

        public Duration getDefaultWait() { return defaultWait; }
        public void setDefaultWait(Duration v) { defaultWait = v; }
        public Duration getMaxWait() { return maxWait; }
        public void setMaxWait(Duration v) { maxWait = v; }
        public Path getRealEstateData() { return realEstateData; }
        public void setRealEstateData(Path v) { realEstateData = v; }
    }

    /** The node's SM2 signing and encryption material (TEP-1 §1): PEM files or one PKCS#12 keystore. */
    public static class Identity {
        /**
         * SM2 signing key, PKCS#8 PEM encrypted with {@code key-password} ({@code ENCRYPTED PRIVATE KEY}); a plain
         * key only with {@code allow-unprotected-keys}.
         */
        private Path signingKey;
        /** Signing certificate, PEM; further certificates in the file are intermediates carried in x5c. */
        private Path signingCertificate;
        /** SM2 encryption key, PKCS#8 PEM protected like the signing key; defaults to the signing key. */
        private Path encryptionKey;
        /** SM2 encryption certificate, PEM; defaults to the signing certificate. */
        private Path encryptionCertificate;
        /** Password of encrypted PKCS#8 keys or of the PKCS#12 keystore. */
        private String keyPassword;
        /**
         * Alternative to the PEM files: a PKCS#12 keystore holding the SM2 key and chain (used for both roles),
         * opened with {@code key-password}.
         */
        private Path keystore;
        /** Alias in the PKCS#12 keystore; the first key entry when unset. */
        private String keystoreAlias;
        /**
         * Accept private keys kept without a password: a plain PEM key or a PKCS#12 keystore without a password
         * or with an unencrypted key entry. Applies to every private key the hub reads: these, the transport key
         * ({@code tongban.tls.private-key}) and the test directory signer's. Off: such a key stops the hub at
         * start. Only for test federations, whose committed keys are plain ({@code certs/test-federation}).
         */
        private boolean allowUnprotectedKeys;

        public Path getSigningKey() { return signingKey; }
        public void setSigningKey(Path v) { signingKey = v; }
        public Path getSigningCertificate() { return signingCertificate; }
        public void setSigningCertificate(Path v) { signingCertificate = v; }
        public Path getEncryptionKey() { return encryptionKey; }
        public void setEncryptionKey(Path v) { encryptionKey = v; }
        public Path getEncryptionCertificate() { return encryptionCertificate; }
        public void setEncryptionCertificate(Path v) { encryptionCertificate = v; }
        public String getKeyPassword() { return keyPassword; }
        public void setKeyPassword(String v) { keyPassword = v; }
        public Path getKeystore() { return keystore; }
        public void setKeystore(Path v) { keystore = v; }
        public String getKeystoreAlias() { return keystoreAlias; }
        public void setKeystoreAlias(String v) { keystoreAlias = v; }
        public boolean isAllowUnprotectedKeys() { return allowUnprotectedKeys; }
        public void setAllowUnprotectedKeys(boolean v) { allowUnprotectedKeys = v; }
    }

    /** The transport certificate (TEP-1 §1): ECDSA P-256 under the federation's transport root. */
    public static class Tls {
        /** TLS certificate (PEM), used as server and as client certificate. */
        private Path certificate;
        /**
         * Its private key: PKCS#8 PEM, encrypted ({@code ENCRYPTED PRIVATE KEY}) unless
         * {@code tongban.identity.allow-unprotected-keys}. The TEP endpoint reads it through the Spring SSL bundle
         * {@code spring.ssl.bundle.pem.tep} (see application.yaml), the sending client directly.
         */
        private Path privateKey;
        /** Password of the encrypted private key (also given to the SSL bundle as its {@code private-key-password}). */
        private String privateKeyPassword;
        /** The transport root(s) (PEM) that peers' TLS certificates must chain to. */
        private Path trust;
        /** TCP port of the mutual-TLS TEP endpoint (also {@code server.port}). */
        private int port = 8443;

        public Path getCertificate() { return certificate; }
        public void setCertificate(Path v) { certificate = v; }
        public Path getPrivateKey() { return privateKey; }
        public void setPrivateKey(Path v) { privateKey = v; }
        public String getPrivateKeyPassword() { return privateKeyPassword; }
        public void setPrivateKeyPassword(String v) { privateKeyPassword = v; }
        public Path getTrust() { return trust; }
        public void setTrust(Path v) { trust = v; }
        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
    }

    /** Message trust (TEP-1 §4 step 4). */
    public static class Trust {
        /** Federation root certificates (PEM); non-root CA certificates listed here serve as known intermediates. */
        private List<Path> roots = new ArrayList<>();
        /** CRL files (PEM or DER) issued by federation CAs, besides those the directory carries. */
        private List<Path> crls = new ArrayList<>();

        public List<Path> getRoots() { return roots; }
        public void setRoots(List<Path> v) { roots = v; }
        public List<Path> getCrls() { return crls; }
        public void setCrls(List<Path> v) { crls = v; }
    }

    /** The federation directory (TEP-1 §6). */
    public static class Directory {
        /** Where to fetch the signed directory: a file path or an https:// URL. */
        private String source;
        /** How often to fetch it again. */
        private Duration refresh = Duration.ofMinutes(5);
        /**
         * TEST FEDERATIONS ONLY: the directory signer's key. When set with {@code signer-certificate}, a directory
         * that has expired is re-signed locally (next version, same nodes), acting as the federation's directory
         * service, so that the committed test federation runs on any date. Never set in production.
         */
        private Path signerKey;
        /**
         * TEST FEDERATIONS ONLY: the directory signer's certificate chain (PEM). Its key is protected like the
         * identity's (opened with {@code tongban.identity.key-password}).
         */
        private Path signerCertificate;

        public String getSource() { return source; }
        public void setSource(String v) { source = v; }
        public Duration getRefresh() { return refresh; }
        public void setRefresh(Duration v) { refresh = v; }
        public Path getSignerKey() { return signerKey; }
        public void setSignerKey(Path v) { signerKey = v; }
        public Path getSignerCertificate() { return signerCertificate; }
        public void setSignerCertificate(Path v) { signerCertificate = v; }
    }

    /** Receiving limits. */
    public static class Limits {
        /** Largest message body accepted (TEP-1 §4 step 1); larger gets 413 TOO_LARGE before it is read. */
        private DataSize maxBodySize = DataSize.ofMegabytes(16);
        /**
         * Longest time a message body may take to arrive once its headers have. Tomcat's connection time-out
         * bounds only each wait for the next bytes, so a client sending a byte a second would hold a worker
         * thread for as long as its declared length lasts; past this the hub answers 408 and closes.
         */
        private Duration bodyReadTimeout = Duration.ofMinutes(2);

        public DataSize getMaxBodySize() { return maxBodySize; }
        public void setMaxBodySize(DataSize v) { maxBodySize = v; }
        public Duration getBodyReadTimeout() { return bodyReadTimeout; }
        public void setBodyReadTimeout(Duration v) { bodyReadTimeout = v; }
    }

    /** Sending retries (TEP-1 §7): exponential back-off with jitter, until the message's {@code exp}. */
    public static class Retry {
        /** Wait before the second attempt. */
        private Duration initialBackoff = Duration.ofSeconds(1);
        /** Longest wait between two attempts. */
        private Duration maxBackoff = Duration.ofMinutes(5);
        /** Growth of the wait per attempt. */
        private double multiplier = 2.0;
        /** Random spread of each wait, as a fraction (0.2 = ±20%). */
        private double jitter = 0.2;
        /** Lifetime of the messages this hub seals ({@code exp - iat}, at most 7 days). */
        private Duration messageLifetime = Duration.ofDays(1);
        /** TCP connect time-out towards peers. */
        private Duration connectTimeout = Duration.ofSeconds(5);
        /** Time-out of one delivery attempt, waiting for the receipt. */
        private Duration requestTimeout = Duration.ofSeconds(30);

        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration v) { initialBackoff = v; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration v) { maxBackoff = v; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double v) { multiplier = v; }
        public double getJitter() { return jitter; }
        public void setJitter(double v) { jitter = v; }
        public Duration getMessageLifetime() { return messageLifetime; }
        public void setMessageLifetime(Duration v) { messageLifetime = v; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration v) { connectTimeout = v; }
        public Duration getRequestTimeout() { return requestTimeout; }
        public void setRequestTimeout(Duration v) { requestTimeout = v; }
    }

    /** The local API ({@code /api/v1}) for local systems and operators, on its own port. */
    public static class Api {
        /** Port of the local API (plain HTTP, bound to {@code address}); 0 picks a free port. */
        private int port = 8080;
        /** Address the local API binds to; keep it on loopback or a private network. */
        private String address = "127.0.0.1";
        /**
         * Shared secret local systems may send as {@code Authorization: Bearer <token>}, acting with the OPERATOR
         * role; unset (the default): no bearer token is accepted, only operator accounts ({@code tongban.security.accounts}).
         */
        private String token;

        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
        public String getAddress() { return address; }
        public void setAddress(String v) { address = v; }
        public String getToken() { return token; }
        public void setToken(String v) { token = v; }
    }

    /** The embedded H2 file store's upkeep (nothing here applies to PostgreSQL). */
    public static class Store {
        /**
         * How often the embedded store's sparse chunks are rewritten while the hub runs (H2 runs none of its own
         * housekeeping when every commit is written at once; without this the file grows by some eight times the
         * data it holds, docs/reliability.md). 0: never.
         */
        private Duration compactionInterval = Duration.ofMillis(500);
        /** The most bytes of live pages one such compaction rewrites; commits wait while they are written. */
        private DataSize compactionWrite = DataSize.ofMegabytes(2);

        public Duration getCompactionInterval() { return compactionInterval; }
        public void setCompactionInterval(Duration v) { compactionInterval = v; }
        public DataSize getCompactionWrite() { return compactionWrite; }
        public void setCompactionWrite(DataSize v) { compactionWrite = v; }
    }

    /** Outbound delivery and hand-over to the routes. */
    public static class Delivery {
        /** Parallel delivery consumers on the tep.out queue. */
        private int concurrency = 4;
        /** How often the store is swept for messages whose queue entry was lost (crash between store and broker). */
        private Duration sweepInterval = Duration.ofSeconds(10);
        /** How often accepted messages not yet on their tep.in.TYPE queue are handed over (besides right after receipt). */
        private Duration handoverInterval = Duration.ofMillis(500);
        /**
         * How far past its due time a pending message must be before the sweep queues it again: a message merely
         * waiting in a busy queue must not be queued twice over, only one whose entry a crash lost.
         */
        private Duration sweepGrace = Duration.ofSeconds(60);
        /**
         * How long one delivery attempt holds a message against other consumers; also how long a message
         * waits after the hub that was attempting it crashed. Must exceed connect-timeout + request-timeout.
         */
        private Duration lease = Duration.ofMinutes(2);
        /**
         * Most writes of the exchange's hot path (messages stored on receipt and on submission, claims, delivered
         * marks) that share one store commit: writes asked for at the same moment on different threads are committed
         * together, each caller answered once its write is committed. 1: every write commits alone.
         */
        private int groupCommit = 64;
        /**
         * How long the group commit's writer waits for more writes to join a group before it commits, when the last
         * two writes came less than this apart (under load); a write that comes alone is committed at once. A
         * commit's cost in the embedded store is mostly fixed, so a fuller group costs less per message, for at
         * most this much more latency per write. 0: commit whatever is waiting, never wait.
         */
        private Duration groupCommitWindow = Duration.ofMillis(2);

        public int getGroupCommit() { return groupCommit; }
        public void setGroupCommit(int v) { groupCommit = v; }
        public Duration getGroupCommitWindow() { return groupCommitWindow; }
        public void setGroupCommitWindow(Duration v) { groupCommitWindow = v; }
        public Duration getSweepGrace() { return sweepGrace; }
        public void setSweepGrace(Duration v) { sweepGrace = v; }
        public Duration getLease() { return lease; }
        public void setLease(Duration v) { lease = v; }
        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int v) { concurrency = v; }
        public Duration getSweepInterval() { return sweepInterval; }
        public void setSweepInterval(Duration v) { sweepInterval = v; }
        public Duration getHandoverInterval() { return handoverInterval; }
        public void setHandoverInterval(Duration v) { handoverInterval = v; }
    }

    public String getNode() { return node; }
    public void setNode(String v) { node = v; }
    public String getOrg() { return org; }
    public void setOrg(String v) { org = v; }
    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path v) { dataDir = v; }
    public Identity getIdentity() { return identity; }
    public Store getStore() { return store; }
    public Tls getTls() { return tls; }
    public Trust getTrust() { return trust; }
    public Directory getDirectory() { return directory; }
    public Limits getLimits() { return limits; }
    public Retry getRetry() { return retry; }
    public Api getApi() { return api; }
    public Delivery getDelivery() { return delivery; }
    public Queries getQueries() { return queries; }
    public Bundles getBundles() { return bundles; }
}
