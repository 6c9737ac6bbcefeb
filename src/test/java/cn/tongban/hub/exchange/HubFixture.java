package cn.tongban.hub.exchange;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import cn.tongban.hub.demo.LocalHub;

/**
 * A {@link LocalHub} set up for tests: known operator and viewer accounts and API token, short back-offs and sweeps, quiet logs, and the
 * {@link RecordingRoutes} receiving route.
 */
public final class HubFixture extends LocalHub {
    /** The operator account every test hub has (role OPERATOR). */
    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "operator-test-password";
    /** The viewer account every test hub has (role VIEWER: reads only). */
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-test-password";
    /** {@code Authorization} headers of the two accounts. */
    public static final String OPERATOR_AUTH = basicAuthorization(OPERATOR, OPERATOR_PASSWORD);
    public static final String VIEWER_AUTH = basicAuthorization(VIEWER, VIEWER_PASSWORD);

    public HubFixture(String node, Path federation, Path dataDir, int tlsPort) {
        super(node, federation, dataDir, tlsPort);
        withSource(RecordingRoutes.class);
        account(OPERATOR, OPERATOR_PASSWORD, "OPERATOR");
        account(VIEWER, VIEWER_PASSWORD, "VIEWER");
        set("tongban.api.token", "test-token"); // a local system's bearer token, beside the operator accounts
        set("tongban.retry.initial-backoff", "200ms");
        set("tongban.retry.max-backoff", "2s");
        set("tongban.delivery.sweep-interval", "2s");
        // a route still waiting when its hub stops (e.g. on an answer from a hub the test already closed) is rolled back
        // after 5 s, not Camel's 45: its transaction puts the message back, nothing is lost, and the test is not kept waiting
        set("camel.main.shutdown-timeout", "5");
        set("logging.level.cn.tongban", "WARN");
        set("logging.level.org.apache.camel", "WARN");
        set("logging.level.org.springframework", "WARN");
        set("logging.level.org.flywaydb", "WARN");
        set("logging.level.org.apache.activemq", "ERROR");
    }

    @Override
    public HubFixture set(String key, String value) {
        super.set(key, value);
        return this;
    }

    @Override
    public HubFixture withSource(Class<?> source) {
        super.withSource(source);
        return this;
    }

    /** Submits {@code n} {@code test.ping} messages to {@code to} (the type {@link RecordingRoutes} counts); their ids. */
    public List<String> submitPings(String to, int n, String tag) throws SubmissionRefused {
        OutboundExchange out = bean(OutboundExchange.class);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] body = ("{\"seq\":" + i + ",\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
            ids.add(out.submit(OutboundRequest.json(to, "test.ping", "conv-" + tag + "-" + i, body)));
        }
        return ids;
    }

    @Override
    public HubFixture start() {
        super.start();
        return this;
    }
}
