package cn.tongban.hub.cli;

import static cn.tongban.hub.cli.BenchCommandTest.bench;
import static cn.tongban.hub.cli.BenchCommandTest.numbersOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code bench exchange} works with tiny numbers: two real hubs start, every row prints with positive numbers,
 * and unusable options are refused. Nothing about speed is asserted: the numbers depend on the machine.
 */
class ExchangeBenchCommandTest {
    static final List<String> SIZES = List.of("1 KiB", "16 KiB");

    @Test
    void exchangeBenchPrintsEveryRowWithPositiveNumbers() {
        BenchCommandTest.Run r = bench("exchange", "--messages", "200", "--warmup-messages", "40", "--concurrency", "8",
                "--seconds", "1", "--start-rate", "20", "--max-steps", "2");
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("machine +" + Runtime.getRuntime().availableProcessors() + " cores");
        assertThat(out).contains("JVM ").contains(System.getProperty("java.runtime.version"));
        assertThat(out).containsPattern("load +1-min load average [0-9.]+ before, [0-9.]+ after");
        assertThat(out).contains("store H2 file");
        assertThat(out).containsPattern("warm-up +[0-9,]+ messages through the hubs in [0-9]+ rounds");
        assertThat(out).containsPattern("the plain bridge likewise, before its phases: [1-9][0-9,]* messages in [1-9][0-9]* rounds");
        for (String size : SIZES) {
            for (String way : List.of("hub, ", "plain bridge, ")) {
                // msg/s, p50, p95, p99, CPU %, CPU ms/msg, JIT % (may be 0), heap MiB, RSS MiB
                double[] n = numbersOf(out, way + size);
                assertThat(n[6]).as("JIT share, " + way + size).isNotNegative();
                n[6] = 1;
                positive(n, 9, way + size);
            }
            // the hub does the ceiling's SM2 work per message — 2 signatures, 2 verifications, 1 encryption,
            // 1 decryption — plus, among the signatures, the audit trails' signed checkpoints (a few per run);
            // the bridge none
            String[] sm2 = sm2Column(row(out, "hub, " + size));
            assertThat(Double.parseDouble(sm2[0])).as("signatures per message, " + size).isBetween(2.0, 2.1);
            assertThat(java.util.List.of(sm2[1], sm2[2], sm2[3])).as("verifications, encryptions, decryptions per message, " + size)
                    .containsExactly("2", "1", "1");
            assertThat(sm2Column(row(out, "plain bridge, " + size))).containsExactly("0", "0", "0", "0");
            // offered, delivered, p50, p95, p99, CPU %
            positive(numbersOf(out, "hub " + size + ", step 1"), 6, "step 1, " + size);
            // msg/s, msg/s if on-CPU, on-CPU %, CPU ms/msg
            positive(numbersOf(out, size + ", seal SM4-GCM + open + receipt + verify"), 4, "ceiling " + size);
            // measured again right after the hubs' closed loop of that size; the ratios use the mean of the two
            positive(numbersOf(out, size + ", the same, after the hubs' closed loop"), 4, "ceiling after the hubs, " + size);
            // hub msg/s, of ceiling %, of bridge %, ceiling CPU/hub %
            positive(numbersOf(out, size), 4, "ratios " + size);
        }
        assertThat(r.err()).contains("starting hub 370000").contains("measuring plain bridge, 1 KiB");
        cpuByThreadPoolAddsUpToEachPhase(out);
    }

    /**
     * "where the CPU goes": per closed-loop phase (hub 1 KiB, hub 16 KiB, bridge 1 KiB, bridge 16 KiB), the pools'
     * CPU ms per message add up to the phase's CPU ms/msg; the hub's phases name the receiver's HTTPS workers, the
     * first-attempt threads (tep-delivery-N) and the load generator, the bridge's phases spend nothing in the hub's
     * HTTPS workers.
     */
    private static void cpuByThreadPoolAddsUpToEachPhase(String out) {
        List<String> lines = out.lines().toList();
        int head = lines.indexOf(lines.stream().filter(l -> l.startsWith("  thread pool ")).findFirst()
                .orElseThrow(() -> new AssertionError("no thread pool table in:\n" + out)));
        assertThat(lines.get(head)).contains("hub 1 KiB").contains("hub 16 KiB").contains("bridge 1 KiB").contains("bridge 16 KiB");
        java.util.Map<String, double[]> pools = new java.util.LinkedHashMap<>();
        for (int i = head + 1; i < lines.size() && lines.get(i).startsWith("  "); i++) {
            String l = lines.get(i);
            double[] v = Arrays.stream(l.substring(60).trim().split("\\s+")).map(t -> t.replace(",", ""))
                    .mapToDouble(Double::parseDouble).toArray();
            assertThat(v).as(l).hasSize(4);
            pools.put(l.substring(2, 60).trim(), v);
        }
        assertThat(pools).containsKeys("other Java threads", "GC, JIT and the VM's own threads", "bench-sender-N");
        String[] phases = {"hub, 1 KiB", "hub, 16 KiB", "plain bridge, 1 KiB", "plain bridge, 16 KiB"};
        for (int c = 0; c < phases.length; c++) {
            int col = c;
            double sum = pools.values().stream().mapToDouble(v -> v[col]).sum();
            double perMessage = numbersOf(out, phases[c])[5];
            assertThat(sum).as("pools of " + phases[c] + " against its CPU ms/msg " + perMessage)
                    .isCloseTo(perMessage, org.assertj.core.data.Offset.offset(perMessage * 0.15 + 0.05));
        }
        double[] tomcat = pool(pools, "https-jsse-nio-N-exec-N");
        double[] delivery = pool(pools, "tep-delivery-N");
        for (int hub = 0; hub < 2; hub++) {
            assertThat(tomcat[hub]).as("receiver's HTTPS workers, " + phases[hub]).isPositive();
            assertThat(delivery[hub]).as("first attempts, " + phases[hub]).isPositive();
            assertThat(pools.get("bench-sender-N")[hub]).as("load generator, " + phases[hub]).isPositive();
        }
        assertThat(tomcat[2] + tomcat[3]).as("the bridge does not use the hubs' HTTPS workers").isZero();
    }

    private static double[] pool(java.util.Map<String, double[]> pools, String nameContains) {
        return pools.entrySet().stream().filter(e -> e.getKey().contains(nameContains)).map(java.util.Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no pool " + nameContains + " among " + pools.keySet()));
    }

    /** The SM2 s/v/e/d column of a closed-loop row. */
    private static String[] sm2Column(String row) {
        return java.util.Arrays.stream(row.trim().split("\\s+")).filter(t -> t.matches("[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+"))
                .findFirst().orElseThrow(() -> new AssertionError("no SM2 column in " + row)).split("/");
    }

    private static String row(String out, String row) {
        return out.lines().filter(l -> l.startsWith("  " + row + "  ")).findFirst().orElseThrow();
    }

    private static void positive(double[] n, int count, String row) {
        assertThat(n).as(row).hasSize(count);
        assertThat(Arrays.stream(n).min().orElse(0)).as(row).isPositive();
    }

    @Test
    void exchangeBenchRefusesUnusableOptionsWithExit2() {
        for (String[] args : List.of(new String[] {"--messages", "0"}, new String[] {"--body", "huge"},
                new String[] {"--store", "mongodb"}, new String[] {"--step-factor", "1"}, new String[] {"--concurrency", "0"})) {
            String[] a = new String[args.length + 1];
            a[0] = "exchange";
            System.arraycopy(args, 0, a, 1, args.length);
            BenchCommandTest.Run r = bench(a);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(HubCommand.UNUSABLE);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err()).as(String.join(" ", args)).isNotBlank();
        }
    }
}
