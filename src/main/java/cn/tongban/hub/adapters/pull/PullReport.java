package cn.tongban.hub.adapters.pull;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What one run of a pull did. {@code read} records were read: {@code submitted} became cases, {@code skipped}
 * had been taken before, {@code failed} could not be taken (each in {@code failures}, at most
 * {@link #MAX_FAILURES_LISTED}, without personal data). A run ends COMPLETED, ABORTED (the source or the sink
 * broke off; the next run resumes) or BUSY (the pull was already running); a fire on an instance that does not
 * hold the pull lock does nothing and ends ELSEWHERE (another instance of this node runs the pulls).
 */
public record PullReport(String pull, Status status, OffsetDateTime startedAt, OffsetDateTime finishedAt, long read,
                         long submitted, long skipped, long failed, List<Failure> failures, String abortReason) {
    public static final int MAX_FAILURES_LISTED = 1000;

    public enum Status { COMPLETED, ABORTED, BUSY, ELSEWHERE }

    /**
     * A record that could not be taken: for a CSV export the line it starts on (1 is the header), for a table its
     * position in the run; its key when it has one; why.
     */
    public record Failure(long line, String key, String reason) {
        @Override
        public String toString() {
            return "line " + line + (key == null ? "" : " (" + key + ")") + ": " + reason;
        }
    }

    public boolean completed() {
        return status == Status.COMPLETED;
    }

    /** What the schedule route logs as a warning: a run that broke off, or one skipped because the last still ran. */
    public boolean needsAttention() {
        return status == Status.ABORTED || status == Status.BUSY;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The counts, as logged. */
    public String counts() {
        return "read " + read + ", new " + submitted + ", skipped " + skipped + ", failed " + failed;
    }

    @Override
    public String toString() {
        return "pull " + pull + " " + status + ": " + counts()
                + (abortReason == null ? "" : " (" + abortReason + ")");
    }
}
