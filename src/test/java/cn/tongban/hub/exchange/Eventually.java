package cn.tongban.hub.exchange;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The tests' one wait for something a running hub does in its own time. */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code done} every 100 ms until it holds, or fails naming {@code what} after {@code max}. */
    public static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        await(what, max, Duration.ofMillis(100), done);
    }

    /** The same, polling every {@code poll} (a check that queries a database or a hub's API polls less often). */
    public static void await(String what, Duration max, Duration poll, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
