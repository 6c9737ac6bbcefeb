package cn.tongban.hub.adapters.pull;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, holding at most {@code burst}; each submission takes one and
 * waits when none is left. Time and sleeping are injected so that tests count the waits instead of the clock.
 */
public final class TokenBucket {
    /** Sleeps; tests advance a fake clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long SECOND = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long last;
    private long waits;
    private long waitedNanos;

    public TokenBucket(double perSecond, double burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("a rate of 0 (no limit) or more and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** {@code perSecond} a second with no burst beyond one record (0: no limit), on the system clock. */
    public static TokenBucket perSecond(double perSecond) {
        return new TokenBucket(perSecond, 1, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Takes one token, waiting for it if need be. */
    public synchronized void acquire() throws InterruptedException {
        if (perSecond == 0) {
            return;
        }
        refill();
        while (tokens < 1 - 1e-9) { // the margin absorbs floating-point rounding of an exact wait
            long wait = (long) Math.ceil((1 - tokens) * SECOND / perSecond);
            waits++;
            waitedNanos += wait;
            sleeper.sleep(wait);
            refill();
        }
        tokens -= 1;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perSecond / SECOND);
        last = now;
    }

    /** How many times {@link #acquire} had to wait. */
    public synchronized long waits() {
        return waits;
    }

    /** How long those waits were meant to last, in total. */
    public synchronized long waitedNanos() {
        return waitedNanos;
    }
}
