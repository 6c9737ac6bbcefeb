package cn.tongban.hub.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One hub as its own operating-system process: {@code java -jar tongban-hub.jar run --key=value ...}, its
 * output appended to a log file, so that it can be killed with SIGKILL and started again on the same data.
 */
final class HubProcess {
    private final String name;
    private final Path jar;
    private final List<String> arguments;
    private final Path log;
    private final int apiPort;
    private Process process;

    HubProcess(String name, Path jar, List<String> arguments, Path log, int apiPort) {
        this.name = name;
        this.jar = jar;
        this.arguments = List.copyOf(arguments);
        this.log = log;
        this.apiPort = apiPort;
    }

    /** Starts the process and returns once the hub says it is up (Camel and its routes started, a directory in force). */
    HubProcess start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "run"));
        cmd.addAll(arguments);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                // health needs no login: a supervisor asks it
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/health"))
                        .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not start within 180 s; see " + log);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        killHard(process);
    }

    /** SIGKILL to {@code p} and whatever it started (a launcher script's JVM), and waits for it to go. */
    static void killHard(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an operator stops it; SIGKILL if it has not exited within a minute. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }
}
