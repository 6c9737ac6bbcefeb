package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The configuration as an operator writes it (relaxed names, csv-http), its defaults and its checks. */
class PullPropertiesTest {
    private static PullProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props))
                .bindOrCreate("tongban.adapters.pull", Bindable.of(PullProperties.class));
    }

    @Test
    void noPullByDefault() {
        PullProperties p = bind(Map.of());
        assertThat(p.getPulls()).isEmpty();
        assertThat(p.getProgressEvery()).isEqualTo(100);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void thePullLockIsOnByDefaultAndItsRenewalMustFitTwiceInItsTimeToLive() {
        PullProperties p = bind(Map.of());
        assertThat(p.getLock().isEnabled()).isTrue();
        assertThat(p.getLock().getTimeToLive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.getLock().getRenewEvery()).isEqualTo(Duration.ofSeconds(5));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tongban.adapters.pull.lock.time-to-live", "10s");
        m.put("tongban.adapters.pull.lock.renew-every", "6s");
        assertThat(bind(m).problems()).singleElement().asString().contains("lock.renew-every (PT6S) must be at most half");
        m.put("tongban.adapters.pull.lock.enabled", "false"); // not used: not checked
        assertThat(bind(m).problems()).isEmpty();
        m.put("tongban.adapters.pull.lock.enabled", "true");
        m.put("tongban.adapters.pull.lock.renew-every", "5s");
        assertThat(bind(m).problems()).isEmpty();
    }

    @Test
    void bindsBothKinds() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tongban.adapters.pull.pulls[0].name", "zibo-window-export");
        m.put("tongban.adapters.pull.pulls[0].kind", "csv-http");
        m.put("tongban.adapters.pull.pulls[0].cron", "0 0/10 * * * ?");
        m.put("tongban.adapters.pull.pulls[0].url", "http://127.0.0.1:8090/export.csv");
        m.put("tongban.adapters.pull.pulls[0].charset", "GBK");
        m.put("tongban.adapters.pull.pulls[0].max-records-per-second", "2.5");
        m.put("tongban.adapters.pull.pulls[0].target.node", "130000");
        m.put("tongban.adapters.pull.pulls[1].name", "weifang-db");
        m.put("tongban.adapters.pull.pulls[1].kind", "jdbc");
        m.put("tongban.adapters.pull.pulls[1].cron", "0 0 2 * * ?");
        m.put("tongban.adapters.pull.pulls[1].jdbc-url", "jdbc:postgresql://127.0.0.1:5432/legacy");
        m.put("tongban.adapters.pull.pulls[1].username", "reader");
        m.put("tongban.adapters.pull.pulls[1].password", "secret");
        m.put("tongban.adapters.pull.pulls[1].table", "window.legacy_case");
        m.put("tongban.adapters.pull.pulls[1].key-column", "seq");
        m.put("tongban.adapters.pull.pulls[1].enabled", "false");
        m.put("tongban.adapters.pull.progress-every", "500");
        PullProperties p = bind(m);

        PullProperties.Pull csv = p.getPulls().get(0);
        assertThat(csv.getKind()).isEqualTo(PullKind.CSV_HTTP);
        assertThat(csv.getMaxRecordsPerSecond()).isEqualTo(2.5);
        assertThat(csv.getKeyColumn()).isEqualTo("case_id");
        assertThat(csv.getTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(csv.getTarget().getNode()).isEqualTo("130000");
        assertThat(csv.getTarget().getMessageType()).isEqualTo("case.submit");
        assertThat(csv.isEnabled()).isTrue();
        PullProperties.Pull db = p.getPulls().get(1);
        assertThat(db.getKind()).isEqualTo(PullKind.JDBC);
        assertThat(db.getTable()).isEqualTo("window.legacy_case");
        assertThat(db.isEnabled()).isFalse();
        assertThat(db.getPageSize()).isEqualTo(500);
        assertThat(p.getProgressEvery()).isEqualTo(500);
        assertThat(p.problems()).isEmpty();
        db.setEnabled(true);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void theReadmeDemoConfigurationBinds() throws Exception {
        String yaml = """
                tongban.adapters.pull:
                  progress-every: 5
                  pulls:
                    - {name: zibo-demo, kind: csv-http, cron: "0/20 * * * * ?", url: "http://127.0.0.1:18090/export.csv",
                       max-records-per-second: 5, target: {node: "130000"}}
                """;
        var sources = new org.springframework.boot.env.YamlPropertySourceLoader().load("demo",
                new org.springframework.core.io.ByteArrayResource(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        PullProperties p = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources))
                .bindOrCreate("tongban.adapters.pull", Bindable.of(PullProperties.class));
        assertThat(p.getProgressEvery()).isEqualTo(5);
        PullProperties.Pull demo = p.getPulls().get(0);
        assertThat(demo.getKind()).isEqualTo(PullKind.CSV_HTTP);
        assertThat(demo.getCron()).isEqualTo("0/20 * * * * ?");
        assertThat(demo.getMaxRecordsPerSecond()).isEqualTo(5);
        assertThat(demo.getTarget().getNode()).isEqualTo("130000");
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void mistakesAreListedTogether() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tongban.adapters.pull.pulls[0].name", "Zibo Export");
        m.put("tongban.adapters.pull.pulls[0].kind", "csv-http");
        m.put("tongban.adapters.pull.pulls[0].cron", "every ten minutes");
        m.put("tongban.adapters.pull.pulls[0].url", "ftp://legacy/export.csv");
        m.put("tongban.adapters.pull.pulls[1].name", "db");
        m.put("tongban.adapters.pull.pulls[1].kind", "jdbc");
        m.put("tongban.adapters.pull.pulls[1].cron", "0 0 2 * * ?");
        m.put("tongban.adapters.pull.pulls[1].jdbc-url", "jdbc:h2:mem:x");
        m.put("tongban.adapters.pull.pulls[1].table", "legacy_case; DROP TABLE pulled_record");
        m.put("tongban.adapters.pull.pulls[1].target.node", "13");
        m.put("tongban.adapters.pull.pulls[2].name", "db");
        m.put("tongban.adapters.pull.pulls[2].kind", "jdbc");
        m.put("tongban.adapters.pull.pulls[2].cron", "0 0 2 * * ?");
        m.put("tongban.adapters.pull.pulls[2].jdbc-url", "jdbc:h2:mem:x");
        m.put("tongban.adapters.pull.pulls[2].table", "t");
        m.put("tongban.adapters.pull.pulls[2].query", "SELECT * FROM t");
        m.put("tongban.adapters.pull.pulls[2].key-column", "row-hash");
        assertThat(bind(m).problems()).containsExactly(
                "Zibo Export: name must be 1-64 lowercase letters, digits or '-'",
                "Zibo Export: cron must be a Quartz cron expression with seconds, e.g. '0 0/10 * * * ?'",
                "Zibo Export: url must be the http(s) URL of the CSV export",
                "db: table must be a plain (optionally schema-qualified) name",
                "db: target.node must be a node code (6 digits)",
                "db: give either table or query",
                "db: a table pull needs a key column to order by",
                "db: two pulls have this name");
    }
}
