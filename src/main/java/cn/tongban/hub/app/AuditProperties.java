package cn.tongban.hub.app;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The audit trail ({@code tongban.audit.*}; README, "Audit trail"). */
@ConfigurationProperties("tongban.audit")
public class AuditProperties {
    /** A signed checkpoint once this many entries follow the last one. */
    private int checkpointEvery = 1000;
    /** And once this long has passed since the last one, when any entry follows it. */
    private Duration checkpointInterval = Duration.ofMinutes(1);
    /** Longest an append waits for its commit while the store fails (the entry stays queued after it). */
    private Duration appendTimeout = Duration.ofSeconds(10);
    /** Most entries committed in one transaction. */
    private int maxBatch = 1000;

    public int getCheckpointEvery() { return checkpointEvery; }
    public void setCheckpointEvery(int v) { checkpointEvery = v; }
    public Duration getCheckpointInterval() { return checkpointInterval; }
    public void setCheckpointInterval(Duration v) { checkpointInterval = v; }
    public Duration getAppendTimeout() { return appendTimeout; }
    public void setAppendTimeout(Duration v) { appendTimeout = v; }
    public int getMaxBatch() { return maxBatch; }
    public void setMaxBatch(int v) { maxBatch = v; }
}
