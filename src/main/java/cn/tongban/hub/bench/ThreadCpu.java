package cn.tongban.hub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The CPU time of this JVM's Java threads at one instant, by thread, to tell where a phase's CPU went: which pool
 * (the receiver's HTTP workers, the delivery consumers, the broker, the audit writer...) spent it. Unlike JFR's
 * execution samples it counts time in the kernel (journal syncs, socket writes, wake-ups) and time a thread
 * spent outside Java code. Threads that are not Java threads (GC, JIT compilers, the VM's own) are the
 * difference to the process's CPU time.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern HASH = Pattern.compile("@[0-9a-f]+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** Thread id → (pool name, CPU nanoseconds). */
    private final Map<Long, Map.Entry<String, Long>> byThread;

    private ThreadCpu(Map<Long, Map.Entry<String, Long>> byThread) {
        this.byThread = byThread;
    }

    static boolean measured() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    static ThreadCpu now() {
        Map<Long, Map.Entry<String, Long>> m = new HashMap<>();
        if (measured()) {
            for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (t != null) {
                    long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                    if (cpu >= 0) {
                        m.put(t.getThreadId(), Map.entry(pool(t.getThreadName()), cpu));
                    }
                }
            }
        }
        return new ThreadCpu(m);
    }

    /**
     * A thread's pool: its name without numbers and object hashes ("https-jsse-nio-40123-exec-7" and
     * "https-jsse-nio-41999-exec-2" are one pool: both hubs' HTTP workers count together).
     */
    static String pool(String threadName) {
        return NUMBER.matcher(HASH.matcher(threadName).replaceAll("")).replaceAll("N");
    }

    /**
     * CPU nanoseconds per pool between {@code earlier} and this, plus {@code ended} (pools of threads that ended in
     * between, which no snapshot holds), largest first.
     */
    Map<String, Long> since(ThreadCpu earlier, Map<String, Long> ended) {
        Map<String, Long> per = new TreeMap<>(ended);
        byThread.forEach((id, now) -> {
            Map.Entry<String, Long> before = earlier.byThread.get(id);
            long used = now.getValue() - (before == null ? 0 : before.getValue());
            if (used > 0) {
                per.merge(now.getKey(), used, Long::sum);
            }
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        per.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * CPU nanoseconds of the PostgreSQL server's processes on this machine so far (user and system time of every
     * process named {@code postgres}, with what its ended children left it), 0 where there is no /proc: with
     * {@code --store postgresql} the store's work runs there, on the same cores, outside this JVM's CPU time.
     */
    static long postgresServer() {
        long ticks = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return 0;
        }
        for (java.io.File p : procs) {
            try {
                String stat = java.nio.file.Files.readString(p.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            } catch (java.io.IOException | RuntimeException gone) {
                // the process ended meanwhile
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** The calling thread's CPU nanoseconds so far (0 where not measured). */
    static long currentThread() {
        return measured() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
