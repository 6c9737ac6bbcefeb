package cn.tongban.hub.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import cn.tongban.hub.app.HubApplication;

/**
 * One real hub in this process, configured from a federation folder made by the {@code pki} code: Spring
 * Boot with its mutual-TLS connector, embedded Artemis with a persistent journal and an H2 file store under
 * {@code dataDir}, and Camel. It can be stopped and started again on the same data.
 */
public class LocalHub implements AutoCloseable {
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(10);
    /** {@link #freePort()}'s range: below every kernel's ephemeral ports. */
    private static final int FIRST_PORT = 20000;
    private static final int PORTS = 12000;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(ThreadLocalRandom.current().nextInt(PORTS));

    public final String node;
    public final int tlsPort;
    public final int apiPort;
    private final Map<String, String> props = new LinkedHashMap<>();
    private final List<Class<?>> sources = new ArrayList<>(List.of(HubApplication.class));
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;
    private int accounts;

    public LocalHub(String node, Path federation, Path dataDir, int tlsPort) {
        this.node = node;
        this.tlsPort = tlsPort;
        this.apiPort = freePort();
        set("tongban.node", node);
        // absolute: application.yaml's embedded store URL is built from it, and H2 takes no implicitly relative path
        set("tongban.data-dir", dataDir.resolve(node).toAbsolutePath().toString());
        set("tongban.identity.signing-key", federation.resolve(node + ".key").toString());
        set("tongban.identity.signing-certificate", federation.resolve(node + ".chain.pem").toString());
        // the federations of tests and the demo are made on the spot by TestFederation, with plain PEM keys
        set("tongban.identity.allow-unprotected-keys", "true");
        set("tongban.tls.certificate", federation.resolve(node + ".tls.pem").toString());
        set("tongban.tls.private-key", federation.resolve(node + ".tls.key").toString());
        set("tongban.tls.trust", federation.resolve("tls-root.pem").toString());
        set("tongban.tls.port", String.valueOf(tlsPort));
        set("tongban.trust.roots[0]", federation.resolve("root.pem").toString());
        set("tongban.directory.source", federation.resolve("directory.tep.json").toString());
        set("tongban.directory.signer-key", "");
        set("tongban.directory.signer-certificate", "");
        set("tongban.api.port", String.valueOf(apiPort));
        set("spring.artemis.embedded.server-id", String.valueOf(SERVER_IDS.incrementAndGet()));
        set("camel.main.name", "hub-" + node);
    }

    public LocalHub set(String key, String value) {
        props.put(key, value);
        return this;
    }

    /** A setting as given to the hub, or null. */
    public String setting(String key) {
        return props.get(key);
    }

    /**
     * Adds an operator account of this hub's API and console, its password given in clear ({@code {noop}}): for
     * tests and demos, whose hubs live for one run; production configures {@code {bcrypt}} hashes.
     */
    public LocalHub account(String name, String password, String... roles) {
        int i = accounts++;
        set("tongban.security.accounts[" + i + "].name", name);
        set("tongban.security.accounts[" + i + "].password", "{noop}" + password);
        for (int r = 0; r < roles.length; r++) {
            set("tongban.security.accounts[" + i + "].roles[" + r + "]", roles[r]);
        }
        return this;
    }

    /** The {@code Authorization} header value of HTTP Basic for an account. */
    public static String basicAuthorization(String name, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((name + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public LocalHub withSource(Class<?> source) {
        sources.add(source);
        return this;
    }

    /**
     * Puts an object made outside Spring into the hub's context as the bean {@code name}, before the context
     * starts: e.g. a {@code DeliveryObserver} or a {@code RouteBuilder} that shares state with the caller.
     */
    public LocalHub withBean(String name, Object bean) {
        beans.put(name, bean);
        return this;
    }

    public LocalHub start() {
        context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .initializers(c -> beans.forEach(c.getBeanFactory()::registerSingleton))
                .run(arguments().toArray(String[]::new));
        return this;
    }

    /** This hub's settings as command-line arguments: what {@code java -jar tongban-hub.jar run} takes. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public boolean running() {
        return context != null;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The bean of {@code type} if this hub has one (some exist only for one store or broker). */
    public <T> Optional<T> beanIfAny(Class<T> type) {
        return Optional.ofNullable(context.getBeanProvider(type).getIfAvailable());
    }

    public String endpoint() {
        return endpointFor(tlsPort);
    }

    public static String endpointFor(int port) {
        return "https://127.0.0.1:" + port + "/tep/v1/messages";
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * A port nothing listens on now, to be bound a little later (a federation's directory names its hubs' ports
     * before they start). Taken below the kernel's ephemeral range (Linux 32768–60999, others from 49152): a port the
     * kernel hands out itself ({@code new ServerSocket(0)}) can meanwhile become the local port of some outgoing
     * connection, and the hub's bind then fails — CI saw exactly that. Ports are handed out in turn from a random
     * start, so that one process never gets the same one twice.
     */
    public static int freePort() {
        for (int i = 0; i < PORTS; i++) {
            int port = FIRST_PORT + Math.floorMod(NEXT_PORT.getAndIncrement(), PORTS);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST_PORT + "–" + (FIRST_PORT + PORTS - 1));
    }
}
