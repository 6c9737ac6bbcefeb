package cn.tongban.hub.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An external ActiveMQ Artemis broker as its own process, from the distribution on Maven Central that the
 * build unpacks ({@code artemis.home}): an instance is created once with {@code artemis create} and run with
 * {@code artemis run}, so that it can be killed with SIGKILL and started again on its journal.
 */
final class ArtemisBroker {
    static final String USER = "tongban";
    static final String PASSWORD = "tongban";

    private final Path instance;
    private final int port;
    private final Path log;
    private Process process;

    private ArtemisBroker(Path instance, int port, Path log) {
        this.instance = instance;
        this.port = port;
        this.log = log;
    }

    static ArtemisBroker create(Path home, Path instance, int port, Path log) throws IOException, InterruptedException {
        Path artemis = home.resolve("bin/artemis");
        if (!Files.isExecutable(artemis)) {
            throw new IllegalStateException("no Artemis distribution at " + home + " (the build unpacks it in pre-integration-test)");
        }
        run(log, artemis.toString(), "create", instance.toString(), "--silent", "--force", "--user", USER, "--password", PASSWORD,
                "--require-login", "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor");
        return new ArtemisBroker(instance, port, log);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    ArtemisBroker start() throws IOException, InterruptedException {
        process = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url(), USER, PASSWORD);
                     Connection c = cf.createConnection()) {
                    return this;
                }
            } catch (IOException | JMSException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the broker did not start within 120 s; see " + log);
    }

    void kill() throws InterruptedException {
        HubProcess.killHard(process);
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** Messages waiting on {@code queue} (e.g. DLQ), counted by browsing; 0 for a queue that does not exist. */
    int depth(String queue) throws JMSException {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url(), USER, PASSWORD);
             Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
                return java.util.Collections.list(b.getEnumeration()).size();
            } catch (JMSException e) {
                return 0;
            }
        }
    }

    private static void run(Path log, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed; see " + log);
        }
    }
}
