package cn.tongban.hub.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import jakarta.jms.ConnectionFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.web.embedded.tomcat.TomcatEmbeddedWebappClassLoader;

import cn.tongban.hub.bench.ExchangeRig;

/**
 * The exchange benchmark's baseline: what moving the same bodies costs with no cryptography and no store. A
 * Tomcat (the hub's HTTP server, here plain HTTP/1.1 on loopback) takes {@code POST /in}, a Camel producer puts the
 * body on a persistent JMS queue of the given broker and the POST is answered 202; a transacted Camel consumer
 * POSTs it to {@code /sink} with the JDK's HTTP client (the hub's client), which reports its arrival.
 */
final class PlainBridge implements AutoCloseable {
    static final String QUEUE = "bench.bridge";
    private static final String ID = "X-Bench-Id";

    private final Tomcat tomcat;
    private final CamelContext camel;
    private final HttpClient http;
    private final URI front;

    private PlainBridge(Tomcat tomcat, CamelContext camel, HttpClient http, URI front) {
        this.tomcat = tomcat;
        this.camel = camel;
        this.http = http;
        this.front = front;
    }

    static PlainBridge start(ConnectionFactory broker, int consumers, Consumer<String> arrived, Path workDir) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("jms", JmsComponent.jmsComponent(broker));
        ProducerTemplate producer = camel.createProducerTemplate();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", workDir.toString());
        // Spring Boot's class loader for an embedded Tomcat, as the hubs' own Tomcat has: Tomcat's default web-app
        // loader looks for its JDBC leak-prevention class as a file, which is not there in the jar, and warns at stop
        WebappLoader loader = new WebappLoader();
        loader.setLoaderInstance(new TomcatEmbeddedWebappClassLoader(PlainBridge.class.getClassLoader()));
        loader.setDelegate(true);
        ctx.setLoader(loader);
        if (ctx instanceof org.apache.catalina.core.StandardContext sc) {
            // nothing is ever undeployed here: spare the leak checks that need --add-opens and warn without it
            sc.setClearReferencesObjectStreamClassCaches(false);
            sc.setClearReferencesThreadLocals(false);
            sc.setClearReferencesRmiTargets(false);
        }
        Tomcat.addServlet(ctx, "front", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                byte[] body = req.getInputStream().readAllBytes();
                producer.sendBodyAndHeader("jms:queue:" + QUEUE + "?jmsMessageType=Bytes", body, "benchId", req.getHeader(ID));
                resp.setStatus(202);
            }
        });
        ctx.addServletMappingDecoded("/in", "front");
        Tomcat.addServlet(ctx, "sink", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                req.getInputStream().readAllBytes();
                arrived.accept(req.getHeader(ID));
                resp.setStatus(200);
            }
        });
        ctx.addServletMappingDecoded("/sink", "sink");
        tomcat.start();
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        URI sink = URI.create(base + "/sink");

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // like the hub's routes: transacted in the listener's own session (application.yaml), consumers
                // cached, a fixed number of them
                from("jms:queue:" + QUEUE + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER"
                        + "&concurrentConsumers=" + consumers
                        + "&maxConcurrentConsumers=" + consumers)
                        .routeId("bench-plain-bridge")
                        .process(e -> {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(sink).timeout(Duration.ofSeconds(30))
                                    .header(ID, e.getMessage().getHeader("benchId", String.class))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(e.getMessage().getBody(byte[].class))).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() != 200) {
                                throw new IOException("the sink answered " + r.statusCode());
                            }
                        });
            }
        });
        camel.start();
        return new PlainBridge(tomcat, camel, http, URI.create(base + "/in"));
    }

    /** POSTs one body to the bridge; returns once the bridge has queued it. */
    ExchangeRig.Way way() {
        return (id, body) -> {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(front).timeout(Duration.ofSeconds(30)).header(ID, id)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 202) {
                throw new IOException("the plain bridge answered " + r.statusCode());
            }
        };
    }

    @Override
    public void close() {
        try {
            camel.stop();
        } finally {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                // stopping a benchmark's server: nothing left to do about it
            }
        }
    }
}
