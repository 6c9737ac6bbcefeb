package cn.tongban.hub.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import cn.tongban.hub.bench.ExchangeRig;
import cn.tongban.hub.exchange.DeliveryObserver;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.pki.TestFederation;

/**
 * The exchange benchmark's rig: a fresh loopback federation in a temporary folder, two real hubs made from it
 * (370000 sends, 130000 receives: mutual TLS, store, embedded Artemis, encryption on, receipts verified), started
 * one after the other, and the {@link PlainBridge} on the sending hub's broker. Everything it made is removed on
 * {@link #close()}: the folder, and the PostgreSQL schemas when the store is PostgreSQL.
 */
public final class BenchHubs implements ExchangeRig {
    static final String SENDER = "370000";
    static final String RECEIVER = "130000";
    static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/tongban_test";
    static final String POSTGRESQL_USER = "tongban";

    /** Found by {@link ExchangeRig.Factory#find()} (META-INF/services). */
    public static final class Factory implements ExchangeRig.Factory {
        @Override
        public ExchangeRig start(Settings settings, Consumer<String> arrived, Consumer<String> progress) throws Exception {
            BenchHubs rig = new BenchHubs(settings, Files.createTempDirectory("tongban-bench"));
            try {
                rig.start(arrived, progress);
                return rig;
            } catch (Exception | Error e) {
                rig.close();
                throw e;
            }
        }
    }

    private final Settings settings;
    private final Path work;
    private final List<String> schemas = new ArrayList<>();
    private LocalHub sender;
    private LocalHub receiver;
    private PlainBridge bridge;

    private BenchHubs(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    private void start(Consumer<String> arrived, Consumer<String> progress) throws Exception {
        int senderPort = LocalHub.freePort();
        int receiverPort = LocalHub.freePort();
        Path fed = work.resolve("federation");
        new TestFederation(fed, Clock.systemUTC()).create(List.of(SENDER, RECEIVER), TestFederation.DEFAULT_ENDPOINT,
                Map.of(SENDER, LocalHub.endpointFor(senderPort), RECEIVER, LocalHub.endpointFor(receiverPort)));
        sender = hub(SENDER, fed, senderPort)
                .withBean("benchDeliveryObserver", (DeliveryObserver) (id, attempts) -> arrived.accept(id));
        receiver = hub(RECEIVER, fed, receiverPort).withBean("benchSinkRoute", sinkRoute());
        // one after the other: Tomcat's TLS cipher parser is not safe to initialise from two threads at once
        progress.accept("starting hub " + SENDER + " (sender) on " + sender.endpoint());
        sender.start();
        progress.accept("starting hub " + RECEIVER + " (receiver) on " + receiver.endpoint());
        receiver.start();
        bridge = PlainBridge.start(sender.bean(ConnectionFactory.class), settings.deliveryConcurrency(), arrived,
                Files.createDirectories(work.resolve("bridge")));
    }

    @Override
    public long[] commitCounts() {
        long[] n = new long[3];
        for (LocalHub h : List.of(sender, receiver)) {
            cn.tongban.hub.store.GroupCommit g = h.bean(cn.tongban.hub.store.GroupCommit.class);
            n[0] += g.writes();
            n[1] += g.commits();
            n[2] += h.bean(cn.tongban.hub.exchange.HandoverRelay.class).batchesAndMessages()[0];
        }
        return n;
    }

    private LocalHub hub(String node, Path fed, int port) {
        LocalHub h = new LocalHub(node, fed, work.resolve("data"), port)
                .account("bench", UUID.randomUUID().toString(), "VIEWER") // the bench calls no API; no password file made
                .set("tongban.delivery.concurrency", String.valueOf(settings.deliveryConcurrency()))
                // no operator routes (routes/*.yaml, relative to the working folder): the bench runs from any folder
                // and its hubs carry only the exchange's own routes and the bench's sink
                .set("camel.main.routes-include-pattern", "classpath:tongban-bench-has-no-routes/*.yaml")
                .set("spring.main.banner-mode", "off")
                .set("logging.level.root", "WARN")
                .set("logging.level.org.apache.activemq", "ERROR");
        if (settings.store() == Store.POSTGRESQL) {
            String schema = "bench_" + node + "_" + Long.toHexString(System.nanoTime());
            schemas.add(schema);
            h.set("spring.datasource.url", POSTGRESQL_URL + "?currentSchema=" + schema)
                    .set("spring.datasource.username", POSTGRESQL_USER)
                    .set("spring.datasource.password", POSTGRESQL_USER)
                    .set("spring.flyway.schemas", schema)
                    .set("spring.flyway.create-schemas", "true");
        }
        settings.hubSettings().forEach(h::set);
        return h;
    }

    /** The receiving side's route for the benchmark's type: it only consumes, so the hand-over queue never fills. */
    private RouteBuilder sinkRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:tep.in." + MESSAGE_TYPE + "?transacted=true&concurrentConsumers=2")
                        .routeId("bench-sink")
                        .process(e -> {
                            // consumed: that is all a sink has to do
                        });
            }
        };
    }

    @Override
    public Way hub() {
        OutboundExchange outbound = sender.bean(OutboundExchange.class);
        return (id, body) -> outbound.submit(new OutboundRequest(RECEIVER, null, MESSAGE_TYPE, null, null, null,
                "application/octet-stream", body, true, null), id);
    }

    @Override
    public Way plainBridge() {
        return bridge.way();
    }

    @Override
    public List<String> description() {
        return List.of(
                "hubs     " + SENDER + " -> " + RECEIVER + " on 127.0.0.1, each its own Spring Boot context: mutual TLS (HTTP/2),",
                "         SM4-GCM encrypted, receipts verified, store " + (settings.store() == Store.POSTGRESQL
                        ? "PostgreSQL 127.0.0.1 (a schema per hub)" : "H2 file (WRITE_DELAY=0, CACHE_SIZE=4096)")
                        + ", embedded Artemis (persistent journal),",
                "         tep-delivery consumers " + settings.deliveryConcurrency()
                        + (settings.hubSettings().isEmpty() ? "" : ", settings " + settings.hubSettings()));
    }

    @Override
    public void close() {
        try {
            if (bridge != null) {
                bridge.close();
            }
        } finally {
            try {
                if (sender != null) {
                    sender.close();
                }
                if (receiver != null) {
                    receiver.close();
                }
            } finally {
                dropSchemas();
                delete(work);
            }
        }
    }

    private void dropSchemas() {
        if (schemas.isEmpty()) {
            return;
        }
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(POSTGRESQL_URL, POSTGRESQL_USER, POSTGRESQL_USER));
        for (String s : schemas) {
            jdbc.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is the only consequence
        }
    }
}
