package cn.tongban.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole process's CPU time, heap and resident memory at one instant. Everything in this JVM counts: both
 * hubs, their brokers and stores, the HTTP client and server, and the load generator itself.
 */
record ProcessUsage(long nanoTime, long cpuNanos, long compileMillis, long heapUsed, long residentBytes) {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static final int CORES = Runtime.getRuntime().availableProcessors();

    static ProcessUsage now() {
        return new ProcessUsage(System.nanoTime(), OS.getProcessCpuTime(),
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), resident());
    }

    /** The share of all cores the process used since {@code earlier} (1 = every core busy all the time). */
    double cpuSince(ProcessUsage earlier) {
        return (double) (cpuNanos - earlier.cpuNanos) / (nanoTime - earlier.nanoTime) / CORES;
    }

    /**
     * The JIT compilers' time since {@code earlier} as a share of one core. On two cores a freshly started hub pair
     * keeps the C2 compiler busy for minutes (seen: 37 % of the process's CPU in a phase after 1,000 warm-up
     * messages), which a long-running hub has long behind it: the bench warms up until this is small.
     */
    double jitSince(ProcessUsage earlier) {
        return (compileMillis - earlier.compileMillis) * 1e6 / (nanoTime - earlier.nanoTime);
    }

    /** VmRSS from /proc/self/status, or -1 where there is none (not Linux). */
    private static long resident() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
