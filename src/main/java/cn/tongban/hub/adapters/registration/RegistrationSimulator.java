package cn.tongban.hub.adapters.registration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;

import cn.tongban.hub.adapters.registration.soap.RegistrationPort;

/**
 * A runnable stand-in for the ministry's registration system: the same WSDL ({@code wsdl/registration.wsdl},
 * served at {@code /registration?wsdl}), on its own port, with the same XML hardening as the hub's client.
 * Runs on embedded Tomcat (already in the jar for the hub) with CXF's servlet transport, so it needs no
 * further HTTP server. Behaviour: {@link SimulatedRegistry}.
 *
 * <pre>
 * java -cp target/tongban-hub.jar -Dloader.main=cn.tongban.hub.adapters.registration.RegistrationSimulator \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --port 9101 [--host 127.0.0.1] [--delay-ms 0]
 * </pre>
 */
public final class RegistrationSimulator implements AutoCloseable {
    public static final String PATH = "/registration";

    private final Tomcat tomcat;
    private final Bus bus;
    private final Server server;
    private final SimulatedRegistry registry;
    private final Path baseDir;
    private final int port;
    private final String host;

    private RegistrationSimulator(String host, int port, Clock clock) throws IOException, LifecycleException {
        this.registry = new SimulatedRegistry(clock);
        this.bus = BusFactory.newInstance().createBus();
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setBus(bus);
        f.setServiceClass(RegistrationPort.class);
        f.setServiceBean(registry);
        f.setWsdlLocation("classpath:wsdl/registration.wsdl");
        f.setServiceName(cn.tongban.hub.adapters.registration.soap.RegistrationService.SERVICE);
        f.setEndpointName(cn.tongban.hub.adapters.registration.soap.RegistrationService.RegistrationPort);
        f.setAddress(PATH); // relative: served by the servlet below
        Map<String, Object> props = new HashMap<>();
        XmlHardening.apply(props, f);
        f.setProperties(props);
        this.server = f.create();

        this.baseDir = Files.createTempDirectory("registration-simulator");
        this.tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector c = new Connector();
        c.setPort(port);
        c.setProperty("address", host);
        tomcat.setConnector(c);
        Context ctx = tomcat.addContext("", null);
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        Tomcat.addServlet(ctx, "cxf", servlet).setLoadOnStartup(1);
        ctx.addServletMappingDecoded("/*", "cxf");
        tomcat.start();
        this.port = c.getLocalPort();
        this.host = host;
    }

    /** Starts on {@code host:port} (port 0: any free one, see {@link #port()}). */
    public static RegistrationSimulator start(String host, int port, Clock clock) {
        try {
            return new RegistrationSimulator(host, port, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("the simulator could not start on " + host + ":" + port, e);
        }
    }

    public static RegistrationSimulator start(int port) {
        return start("127.0.0.1", port, Clock.systemUTC());
    }

    public int port() {
        return port;
    }

    /** The SOAP endpoint, e.g. {@code http://127.0.0.1:9101/registration}. */
    public java.net.URI endpoint() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return java.net.URI.create("http://" + h + ":" + port + PATH);
    }

    public SimulatedRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        } finally {
            server.destroy();
            bus.shutdown(true);
            deleteQuietly(baseDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** {@code --port N} (default 9101), {@code --host H} (default 127.0.0.1), {@code --delay-ms N} (default 0). */
    public static void main(String[] args) throws InterruptedException {
        int port = 9101;
        String host = "127.0.0.1";
        long delayMs = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            switch (a) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--delay-ms" -> delayMs = Long.parseLong(args[++i]);
                default -> usage("unknown option " + a);
            }
        }
        RegistrationSimulator s = start(host, port, Clock.systemUTC());
        s.registry().setDelay(Duration.ofMillis(delayMs));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.close();
            stopped.countDown();
        }, "registration-simulator-stop"));
        System.out.println("registration simulator on " + s.endpoint() + " (WSDL: " + s.endpoint() + "?wsdl)");
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: RegistrationSimulator [--port 9101] [--host 127.0.0.1] [--delay-ms 0]");
        System.exit(2);
    }
}
