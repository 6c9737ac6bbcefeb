package cn.tongban.hub.bundles;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;

/**
 * Stand-ins for departments' systems, for tests and the demo: {@code POST /departments/<name>} answers a case
 * with a status after the configured delay. A behaviour per department: approve, reject, ask for materials,
 * fail (HTTP 500), or be slow.
 */
public final class DepartmentSimulator implements AutoCloseable {
    /** How one simulated department answers. */
    public record Behaviour(CaseState state, long delayMillis, boolean fail, String reason) {
        public static Behaviour approve(long delayMillis) {
            return new Behaviour(CaseState.APPROVED, delayMillis, false, null);
        }
    }

    private final HttpServer server;

    public DepartmentSimulator(int port, Map<String, Behaviour> departments) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        departments.forEach((name, b) -> server.createContext("/departments/" + name, ex -> {
            try (ex) {
                CaseSubmission c = BundleJson.read(ex.getRequestBody().readAllBytes(), CaseSubmission.class);
                Thread.sleep(b.delayMillis());
                if (b.fail()) {
                    ex.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] body = BundleJson.write(new CaseStatus(c.caseId(), b.state(),
                        b.reason() == null ? List.of() : List.of(b.reason()), name, OffsetDateTime.now()));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                ex.sendResponseHeaders(400, -1);
            }
        }));
        server.start();
    }

    public String url(String department) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/departments/" + department;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
