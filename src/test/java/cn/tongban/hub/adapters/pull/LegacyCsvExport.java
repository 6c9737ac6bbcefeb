package cn.tongban.hub.adapters.pull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A legacy system that only offers a CSV export over HTTP: {@code GET /export.csv} answers the current content,
 * on loopback. For tests (content set in memory, requests counted) and the demo:
 * <pre>java src/test/java/cn/tongban/hub/adapters/pull/LegacyCsvExport.java src/test/resources/pulls/demo-export.csv 8090</pre>
 * serves the file, read again on every request so that it can be edited while the hub pulls.
 */
public final class LegacyCsvExport implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] content = new byte[0];
    private volatile Path file;
    private volatile int status = 200;

    private LegacyCsvExport(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/export.csv", exchange -> {
            requests.incrementAndGet();
            byte[] body = file != null ? Files.readAllBytes(file) : content;
            exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=UTF-8");
            if (status != 200) {
                body = ("unavailable").getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Serves {@code content} on a free loopback port. */
    public static LegacyCsvExport serving(String content) throws IOException {
        LegacyCsvExport e = new LegacyCsvExport(0);
        e.setContent(content);
        return e;
    }

    public void setContent(String csv) {
        this.content = csv.getBytes(StandardCharsets.UTF_8);
    }

    /** Makes the export answer {@code status} (e.g. 503) instead of the content. */
    public void setStatus(int status) {
        this.status = status;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/export.csv");
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LegacyCsvExport FILE.csv [PORT]");
            System.exit(2);
        }
        LegacyCsvExport e = new LegacyCsvExport(args.length > 1 ? Integer.parseInt(args[1]) : 8090);
        e.file = Path.of(args[0]);
        System.out.println("serving " + e.file + " at " + e.uri() + " (Ctrl-C stops)");
    }
}
