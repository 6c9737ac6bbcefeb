package cn.tongban.hub.adapters.pull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Scheduled pulls from legacy systems, under {@code tongban.adapters.pull}. None by default: the hub starts
 * without pulls. The record layouts are in this package's {@code package-info.java} and the README.
 */
@ConfigurationProperties("tongban.adapters.pull")
public class PullProperties {
    /** The pulls, each with its own schedule, source and target. */
    private List<Pull> pulls = new ArrayList<>();
    /** Progress is logged every this many records read (and at the end of each run). */
    private int progressEvery = 100;
    /** Unified social credit codes accepted although their check characters fail (some codes in real use do). */
    private List<String> creditCodeAllowList = new ArrayList<>();
    /** Which instance runs the pulls when several instances of this node share one database. */
    private final Lock lock = new Lock();

    /**
     * The pull lock: instances of one node that share a database elect one of them, through a lock row in that
     * database (table {@code pull_lock}, Spring Integration's {@code JdbcLockRegistry} and
     * {@code LockRegistryLeaderInitiator}), and only that instance runs the pulls; the others' schedules fire and
     * do nothing. The holder renews the row every {@code renew-every}; a holder that stops renewing (killed, cut
     * off from the database) loses it {@code time-to-live} after its last renewal, and another instance takes
     * the pulls over. Used only when a pull is enabled.
     */
    public static class Lock {
        /** Run the pulls only on the instance holding the pull lock; false: every instance runs them (one instance only). */
        private boolean enabled = true;
        /** How long the lock outlives its holder's last renewal: the longest a crashed holder keeps the pulls from the others. */
        private Duration timeToLive = Duration.ofSeconds(30);
        /** How often the holder renews the lock, and how often the other instances try to take it. */
        private Duration renewEvery = Duration.ofSeconds(5);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { enabled = v; }
        public Duration getTimeToLive() { return timeToLive; }
        public void setTimeToLive(Duration v) { timeToLive = v; }
        public Duration getRenewEvery() { return renewEvery; }
        public void setRenewEvery(Duration v) { renewEvery = v; }

        List<String> problems() {
            List<String> p = new ArrayList<>();
            if (timeToLive == null || renewEvery == null || renewEvery.isNegative() || renewEvery.isZero()) {
                p.add("lock.time-to-live and lock.renew-every must be positive durations");
            } else if (renewEvery.multipliedBy(2).compareTo(timeToLive) > 0) {
                p.add("lock.renew-every (" + renewEvery + ") must be at most half of lock.time-to-live (" + timeToLive
                        + "), or a busy holder loses the lock between two renewals");
            }
            return p;
        }
    }

    /** One pull: what to read, when, how fast, and where the cases go. */
    public static class Pull {
        /** Name of the pull (lowercase letters, digits, '-'): its route id is {@code pull-<name>}, and its records are keyed by it. */
        private String name;
        /** {@code csv-http} or {@code jdbc}. */
        private PullKind kind;
        /** Quartz cron expression with seconds, e.g. {@code 0 0/10 * * * ?} (every ten minutes). */
        private String cron;
        /** Time zone the cron expression is read in. */
        private String timeZone = "Asia/Shanghai";
        /** Whether the pull is scheduled. */
        private boolean enabled = true;
        /** Cases submitted per second at most (a token bucket); 0 for no limit. */
        private double maxRecordsPerSecond = 10;
        /**
         * Column holding each record's natural key (the de-duplication key; for a table also the keyset order).
         * A CSV pull may say {@code row-hash}: the SHA-256 of the row's fields.
         */
        private String keyColumn = "case_id";
        /** csv-http: URL of the export. */
        private String url;
        /** csv-http: character set of the export when the response does not name one (GBK is common in legacy systems). */
        private String charset = "UTF-8";
        /** csv-http: time-out of the export request. */
        private Duration timeout = Duration.ofSeconds(60);
        /** csv-http: the largest export read (it is read whole, so that a malformed row cannot end the run). */
        private DataSize maxExportSize = DataSize.ofMegabytes(64);
        /** jdbc: JDBC URL of the legacy database (drivers in the hub: H2, PostgreSQL). */
        private String jdbcUrl;
        /** jdbc: user name. */
        private String username;
        /** jdbc: password. */
        private String password;
        /** jdbc: the table to read (or give {@code query}). */
        private String table;
        /** jdbc: a query whose result is read instead of a table (it is wrapped for keyset pagination). */
        private String query;
        /** jdbc: rows read per page. */
        private int pageSize = 500;
        private final Target target = new Target();

        public String getName() { return name; }
        public void setName(String v) { name = v; }
        public PullKind getKind() { return kind; }
        public void setKind(PullKind v) { kind = v; }
        public String getCron() { return cron; }
        public void setCron(String v) { cron = v; }
        public String getTimeZone() { return timeZone; }
        public void setTimeZone(String v) { timeZone = v; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { enabled = v; }
        public double getMaxRecordsPerSecond() { return maxRecordsPerSecond; }
        public void setMaxRecordsPerSecond(double v) { maxRecordsPerSecond = v; }
        public String getKeyColumn() { return keyColumn; }
        public void setKeyColumn(String v) { keyColumn = v; }
        public String getUrl() { return url; }
        public void setUrl(String v) { url = v; }
        public String getCharset() { return charset; }
        public void setCharset(String v) { charset = v; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration v) { timeout = v; }
        public DataSize getMaxExportSize() { return maxExportSize; }
        public void setMaxExportSize(DataSize v) { maxExportSize = v; }
        public String getJdbcUrl() { return jdbcUrl; }
        public void setJdbcUrl(String v) { jdbcUrl = v; }
        public String getUsername() { return username; }
        public void setUsername(String v) { username = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v; }
        public String getTable() { return table; }
        public void setTable(String v) { table = v; }
        public String getQuery() { return query; }
        public void setQuery(String v) { query = v; }
        public int getPageSize() { return pageSize; }
        public void setPageSize(int v) { pageSize = v; }
        public Target getTarget() { return target; }

        /** Configuration mistakes of this pull, empty when it can run. */
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            String n = name == null ? "(unnamed)" : name;
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                p.add(n + ": name must be 1-64 lowercase letters, digits or '-'");
            }
            if (kind == null) {
                p.add(n + ": kind must be csv-http or jdbc");
            }
            if (cron == null || !org.quartz.CronExpression.isValidExpression(cron)) {
                p.add(n + ": cron must be a Quartz cron expression with seconds, e.g. '0 0/10 * * * ?'");
            }
            try {
                java.time.ZoneId.of(timeZone);
            } catch (RuntimeException e) {
                p.add(n + ": time-zone is not a time zone: " + timeZone);
            }
            if (maxRecordsPerSecond < 0) {
                p.add(n + ": max-records-per-second must be 0 (no limit) or more");
            }
            if (keyColumn == null || !(keyColumn.equals(RecordSource.ROW_HASH) || Identifiers.isSqlName(keyColumn))) {
                p.add(n + ": key-column must be a column name" + (kind == PullKind.CSV_HTTP ? " or row-hash" : ""));
            }
            if (kind == PullKind.CSV_HTTP && (url == null || !url.matches("(?i)https?://.+"))) {
                p.add(n + ": url must be the http(s) URL of the CSV export");
            }
            if (kind == PullKind.JDBC) {
                if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
                    p.add(n + ": jdbc-url is required");
                }
                if ((table == null) == (query == null)) {
                    p.add(n + ": give either table or query");
                } else if (table != null && !Identifiers.isSqlName(table)) {
                    p.add(n + ": table must be a plain (optionally schema-qualified) name");
                }
                if (RecordSource.ROW_HASH.equals(keyColumn)) {
                    p.add(n + ": a table pull needs a key column to order by");
                }
                if (pageSize < 1) {
                    p.add(n + ": page-size must be at least 1");
                }
            }
            if (target.messageType == null || target.messageType.isBlank()) {
                p.add(n + ": target.message-type is required");
            }
            if (target.node != null && !target.node.matches("\\d{6}")) {
                p.add(n + ": target.node must be a node code (6 digits)");
            }
            return p;
        }
    }

    /** Where the cases go. */
    public static class Target {
        /** Node code of the hub the cases are sent to; unset: the province hub of each case's first handling region (pp0000). */
        private String node;
        /** TEP message type of the cases. */
        private String messageType = "case.submit";

        public String getNode() { return node; }
        public void setNode(String v) { node = v; }
        public String getMessageType() { return messageType; }
        public void setMessageType(String v) { messageType = v; }
    }

    /** Every configuration mistake of the enabled pulls (and duplicate names). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Pull pull : pulls) {
            if (!pull.isEnabled()) {
                continue;
            }
            p.addAll(pull.problems());
            if (pull.getName() != null && !names.add(pull.getName())) {
                p.add(pull.getName() + ": two pulls have this name");
            }
        }
        if (progressEvery < 1) {
            p.add("progress-every must be at least 1");
        }
        if (lock.isEnabled()) {
            p.addAll(lock.problems());
        }
        return p;
    }

    public List<Pull> getPulls() { return pulls; }
    public void setPulls(List<Pull> v) { pulls = v; }
    public int getProgressEvery() { return progressEvery; }
    public void setProgressEvery(int v) { progressEvery = v; }
    public List<String> getCreditCodeAllowList() { return creditCodeAllowList; }
    public void setCreditCodeAllowList(List<String> v) { creditCodeAllowList = v; }
    public Lock getLock() { return lock; }
}
