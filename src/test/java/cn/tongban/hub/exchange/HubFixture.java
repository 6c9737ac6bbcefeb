package cn.tongban.hub.exchange;

import java.nio.file.Path;

import cn.tongban.hub.demo.LocalHub;

/**
 * A {@link LocalHub} set up for tests: a known API token, short back-offs and sweeps, quiet logs, and the
 * {@link RecordingRoutes} receiving route.
 */
public final class HubFixture extends LocalHub {
    public HubFixture(String node, Path federation, Path dataDir, int tlsPort) {
        super(node, federation, dataDir, tlsPort);
        withSource(RecordingRoutes.class);
        set("tongban.api.token", "test-token");
        set("tongban.retry.initial-backoff", "200ms");
        set("tongban.retry.max-backoff", "2s");
        set("tongban.delivery.sweep-interval", "2s");
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

    @Override
    public HubFixture start() {
        super.start();
        return this;
    }
}
