package cn.tongban.hub.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import cn.tongban.hub.crypto.BouncyCastle;

/** What one {@link ProtocolBench} run measured, and its printed table. MB is 10^6 bytes of body (plaintext). */
public record BenchReport(Environment environment, ProtocolBench.Settings settings, List<Row> raw,
                          List<ProtocolRow> protocol) {

    static final String SEAL_FLOOR = "sign";
    static final String SEAL_ENC_FLOOR = "sign + SM2 enc + SM4";
    static final String OPEN_FLOOR = "verify";
    static final String OPEN_ENC_FLOOR = "verify + SM2 dec + SM4";
    static final String COLD_ROW = "open plain, 1 KiB, cold chain";

    /**
     * A raw Bouncy Castle rate; {@code bytes} 0 where a throughput in MB/s means nothing. Rates as {@link Timed}
     * measures them: per second of wall time, per second of the measuring threads' CPU time, and the share of
     * the window those threads were on a CPU.
     */
    public record Row(String name, int bytes, double perSecond, double perCpuSecond, double onCpu) {
        Row(String name, int bytes, Timed.Rate r) {
            this(name, bytes, r.perSecond(), r.perCpuSecond(), r.onCpu());
        }

        public double megabytesPerSecond() {
            return perSecond * bytes / 1e6;
        }
    }

    /** A protocol rate beside its crypto floor (see {@link ProtocolBench}), both per second of CPU time. */
    public record ProtocolRow(String name, int bytes, double perSecond, double perCpuSecond, double onCpu,
                              double floorPerCpuSecond, String floor) {
        ProtocolRow(String name, int bytes, Timed.Rate r, double floorPerCpuSecond, String floor) {
            this(name, bytes, r.perSecond(), r.perCpuSecond(), r.onCpu(), floorPerCpuSecond, floor);
        }

        public double megabytesPerSecond() {
            return perSecond * bytes / 1e6;
        }

        /** The share of the crypto floor the operation reaches (1 = no cost beyond the crypto), per CPU second. */
        public double ofFloor() {
            return (Double.isNaN(perCpuSecond) ? perSecond : perCpuSecond) / floorPerCpuSecond;
        }
    }

    /** The crypto rates at one body size, and the floors they give. */
    record Floors(int bytes, double sign, double verify, double sm2Encrypt, double sm2Decrypt, double sm4Encrypt,
                  double sm4Decrypt) {
        double sealEncrypted() {
            return 1 / (1 / sign + 1 / sm2Encrypt + 1 / sm4Encrypt);
        }

        double openEncrypted() {
            return 1 / (1 / verify + 1 / sm2Decrypt + 1 / sm4Decrypt);
        }
    }

    /** The machine and JVM the numbers belong to. */
    public record Environment(int cores, String cpu, String os, String jvm, String bouncyCastle, long maxHeap,
                              double loadBefore, double loadAfter) {
        static Environment current(double loadBefore) {
            return new Environment(Runtime.getRuntime().availableProcessors(), cpuModel(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                            + " (" + System.getProperty("java.vm.vendor") + ")",
                    BouncyCastle.PROVIDER.getName() + " " + BouncyCastle.PROVIDER.getVersionStr(),
                    Runtime.getRuntime().maxMemory(), loadBefore, loadAverage());
        }

        /** The system's one-minute load average (other work competing for the cores), or -1 if unknown. */
        static double loadAverage() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown");
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }

    static String size(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    public void print(PrintWriter out) {
        Environment e = environment;
        out.println("Tongban Hub bench: TEP/1 seal/open beside Bouncy Castle's raw SM2 and SM4-GCM, same run");
        out.printf(Locale.ROOT, "machine  %d cores (%s), %s%n", e.cores(), e.cpu(), e.os());
        out.printf(Locale.ROOT, "JVM      %s, max heap %d MiB%n", e.jvm(), e.maxHeap() >> 20);
        out.printf(Locale.ROOT, "crypto   %s, SM2 on the custom curve sm2p256v1%n", e.bouncyCastle());
        out.printf(Locale.ROOT, "run      %d thread%s; all operations warmed up in turn for %s s, then each: %s s warm-up, %s s measured%n",
                settings.threads(), settings.threads() == 1 ? "" : "s",
                seconds(settings.warmUp().multipliedBy(ProtocolBench.WARM_UP_ROUNDS)), seconds(settings.warmUp()),
                seconds(settings.window()));
        out.printf(Locale.ROOT, "load     1-min load average %.2f before, %.2f after (the bench itself adds about %d)%n",
                e.loadBefore(), e.loadAfter(), settings.threads());
        out.println("columns  /s: per second of wall time, all threads together (throughput); /CPU-s: per second of the");
        out.println("         measuring threads' own CPU time (cost, little moved by other work on the machine); on-CPU: share");
        out.println("         of the window those threads ran (below ~95 % other work took the cores: trust /CPU-s more);");
        out.println("         MB = 10^6 bytes of body, per wall second; floor and 'of floor' are per CPU second");
        out.println();
        out.printf(Locale.ROOT, "%-52s %10s %10s %9s %7s%n", "Bouncy Castle, raw", "ops/s", "ops/CPU-s", "MB/s", "on-CPU");
        for (Row r : raw) {
            out.printf(Locale.ROOT, "  %-50s %10s %10s %9s %7s%n", r.name(), rate(r.perSecond()), rate(r.perCpuSecond()),
                    r.bytes() == 0 ? "-" : mb(r.megabytesPerSecond()), percent(r.onCpu()));
        }
        out.println();
        out.printf(Locale.ROOT, "%-52s %10s %10s %9s %7s %11s %8s  %s%n", "TEP/1 protocol (MessageSealer/MessageOpener)",
                "msg/s", "msg/CPU-s", "MB/s", "on-CPU", "floor/CPU-s", "of floor", "floor");
        for (ProtocolRow r : protocol) {
            out.printf(Locale.ROOT, "  %-50s %10s %10s %9s %7s %11s %8s  %s%n", r.name(), rate(r.perSecond()),
                    rate(r.perCpuSecond()), mb(r.megabytesPerSecond()), percent(r.onCpu()), rate(r.floorPerCpuSecond()),
                    percent(r.ofFloor()), r.floor());
        }
        out.println();
        out.println("floor: the crypto alone at that body size, from the raw /CPU-s rates above: seal plain = SM2 sign;");
        out.println("  seal SM4-GCM = 1/(1/sign + 1/SM2 encrypt + 1/SM4-GCM encrypt); open plain = SM2 verify;");
        out.println("  open SM4-GCM = 1/(1/verify + 1/SM2 decrypt + 1/SM4-GCM decrypt).");
        out.println("open runs TEP-1 §4 steps 2-8 and 11 (no directory: steps 5b and 10 are skipped); it also validates the");
        out.println("  sender's chain (PKIX), which is cached after the first message: the cold-chain row builds a new");
        out.println("  TrustStore and MessageOpener for every message, so it pays for PKIX and x5c parsing each time.");
        out.flush();
    }

    static String rate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "-";
        }
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : "%,.1f", perSecond);
    }

    /** Three significant digits below 100 (so a slow rate never prints as zero). */
    private static String mb(double mbPerSecond) {
        return String.format(Locale.ROOT, mbPerSecond >= 100 ? "%,.0f" : "%.3g", mbPerSecond);
    }

    static String percent(double share) {
        if (Double.isNaN(share)) {
            return "-";
        }
        double p = 100 * share;
        return String.format(Locale.ROOT, p >= 10 ? "%.0f%%" : "%.2g%%", p);
    }

    static String seconds(java.time.Duration d) {
        return trim(d.toNanos() / 1e9);
    }

    /** Two decimals at most, trailing zeros dropped: 1.5, 2, 0.25. */
    static String trim(double d) {
        return String.format(Locale.ROOT, "%.2f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
