package cn.tongban.hub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.function.Supplier;

/**
 * A time-boxed measurement: every thread runs its own instance of an operation, first for the warm-up, then
 * for the measured window, counting the operations it completes, the wall time they took and the CPU time its
 * thread was given meanwhile. No operation count is fixed in advance, so a slow machine takes the same time.
 *
 * <p>Two rates come out. Per second of wall time is the throughput. Per second of the measuring threads' own CPU
 * time is what the operation costs when it has a core to itself: on a machine shared with other work (a VM, a CI
 * runner, a laptop building something else) the wall rate drops while the CPU rate barely moves, and
 * {@link Rate#onCpu()} tells how much of the window the threads actually ran. Neither rate includes the JIT or
 * garbage-collector threads' CPU time.
 */
final class Timed {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One operation; its result (any number derived from the output) keeps the JIT from discarding the work. */
    @FunctionalInterface
    interface Op {
        long run() throws Exception;
    }

    /**
     * @param perSecond    operations per second of wall time, all threads together
     * @param perCpuSecond operations per second of each thread's CPU time, summed over the threads (NaN where the
     *                     JVM cannot measure thread CPU time)
     * @param onCpu        the share of the wall window the threads spent on a CPU (1 = never preempted)
     * @param cpuNanos     the measuring threads' CPU time in the window, all threads together (0 where not measured)
     */
    record Rate(double perSecond, double perCpuSecond, double onCpu, long operations, long cpuNanos) {
        /** The CPU-time rate where known, else the wall rate: what floors are computed from. */
        double cost() {
            return Double.isNaN(perCpuSecond) ? perSecond : perCpuSecond;
        }

        /**
         * CPU milliseconds one operation took: all threads' CPU time over all operations (NaN where not measured).
         * Not {@code 1000 / perCpuSecond}: that rate sums the threads' rates, so its inverse is the cost divided by
         * the number of threads (the bench printed the ceiling's CPU per message half as large as it was until
         * 25 November).
         */
        double cpuMillisPerOperation() {
            return cpuNanos > 0 && operations > 0 ? cpuNanos / 1e6 / operations : Double.NaN;
        }

        /** Combines the threads' own counts: operations, wall nanos and CPU nanos (CPU -1 where not measured). */
        static Rate of(long[] operations, long[] wallNanos, long[] cpuNanos) {
            int threads = operations.length;
            double wall = 0;
            double perCpu = 0;
            double busy = 0;
            long ops = 0;
            long cpu = 0;
            boolean cpuKnown = true;
            for (int t = 0; t < threads; t++) {
                wall += operations[t] / (wallNanos[t] / 1e9);
                ops += operations[t];
                if (cpuNanos[t] > 0) {
                    perCpu += operations[t] / (cpuNanos[t] / 1e9);
                    busy += (double) cpuNanos[t] / wallNanos[t] / threads;
                    cpu += cpuNanos[t];
                } else {
                    cpuKnown = false;
                }
            }
            return cpuKnown ? new Rate(wall, perCpu, busy, ops, cpu) : new Rate(wall, Double.NaN, Double.NaN, ops, 0);
        }
    }

    private static volatile long sink;

    private Timed() {
    }

    static boolean cpuTimeMeasured() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /**
     * @param perThread makes the operation for one thread (called in that thread, so it may hold thread-confined
     *                  state such as a JCA {@code Signature})
     */
    static Rate measure(Supplier<Op> perThread, int threads, Duration warmUp, Duration window) {
        boolean cpu = cpuTimeMeasured();
        Phaser start = new Phaser(threads);
        long[] wallNanos = new long[threads];
        long[] cpuNanos = new long[threads];
        long[] counts = new long[threads];
        Throwable[] failures = new Throwable[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int i = t;
            Thread w = new Thread(() -> {
                boolean started = false;
                try {
                    Op op = perThread.get();
                    long acc = op.run(); // fails early, before the clock starts, if the operation cannot run
                    started = true;
                    start.arriveAndAwaitAdvance();
                    long warmEnd = System.nanoTime() + warmUp.toNanos();
                    while (System.nanoTime() < warmEnd) {
                        acc += op.run();
                    }
                    long cpuFrom = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
                    long from = System.nanoTime();
                    long end = from + window.toNanos();
                    long n = 0;
                    long now;
                    do {
                        acc += op.run();
                        n++;
                        now = System.nanoTime();
                    } while (now < end);
                    long cpuUsed = cpu ? THREADS.getCurrentThreadCpuTime() - cpuFrom : 0;
                    counts[i] = n;
                    wallNanos[i] = now - from;
                    cpuNanos[i] = cpu ? cpuUsed : -1;
                    sink += acc;
                } catch (Throwable e) {
                    failures[i] = e;
                    if (!started) {
                        start.arriveAndDeregister(); // the other threads must not wait for this one
                    }
                }
            }, "bench-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        for (Throwable f : failures) {
            if (f != null) {
                throw new IllegalStateException("a measured operation failed: " + f, f);
            }
        }
        return Rate.of(counts, wallNanos, cpuNanos);
    }
}
