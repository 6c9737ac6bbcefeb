package cn.tongban.hub.exchange;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter (TEP-1 §7). Which answers are retried is decided here too, in one place:
 * no answer at all, 5xx, 408 and 429 are retried; any other 4xx is final.
 */
public record RetryPolicy(Duration initial, Duration max, double multiplier, double jitter) {

    public static boolean retryable(int httpStatus) {
        return httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    public Duration backoff(int attempt) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, max.toMillis());
        double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped * spread)));
    }
}
