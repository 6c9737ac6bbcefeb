package cn.tongban.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code bench} works: it runs in-process, prints every row with positive numbers, and refuses unusable
 * options. How fast anything is, is not asserted here or anywhere: the numbers depend on the machine.
 */
class BenchCommandTest {
    static final List<String> RAW_ROWS = List.of(
            "SM2 sign, SM2Signer sm2p256v1, 1 KiB",
            "SM2 verify, SM2Signer sm2p256v1, 1 KiB",
            "SM2 sign, SM2Signer sm2p256v1, 64 KiB",
            "SM2 verify, SM2Signer sm2p256v1, 64 KiB",
            "SM2 sign, SM2Signer initialised once, 1 KiB",
            "SM2 sign, JCA SM3withSM2 (BC provider), 1 KiB",
            "SM2 verify, JCA SM3withSM2 (BC provider), 1 KiB",
            "SM2 encrypt, 16 B (C1C3C2, GM/T 0009 DER)",
            "SM2 decrypt, 16 B (C1C3C2, GM/T 0009 DER)",
            "SM4-GCM encrypt, 1 KiB",
            "SM4-GCM decrypt, 1 KiB",
            "SM4-GCM encrypt, 64 KiB",
            "SM4-GCM decrypt, 64 KiB");
    static final List<String> PROTOCOL_ROWS = List.of(
            "seal plain, 1 KiB", "open plain, 1 KiB", "seal SM4-GCM, 1 KiB", "open SM4-GCM, 1 KiB",
            "seal plain, 64 KiB", "open plain, 64 KiB", "seal SM4-GCM, 64 KiB", "open SM4-GCM, 64 KiB",
            "open plain, 1 KiB, cold chain");

    record Run(int code, String out, String err) {
    }

    static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] a = new String[args.length + 1];
        a[0] = "bench";
        System.arraycopy(args, 0, a, 1, args.length);
        int code = HubCommand.execute(a, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** The numbers printed after a row's name (thousands separators removed, "%" and "-" dropped). */
    static double[] numbersOf(String out, String row) {
        String line = out.lines().filter(l -> l.startsWith("  " + row + "  ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + row + "' in:\n" + out));
        String rest = line.substring(2 + row.length()).trim();
        // the protocol rows end with the floor's name, which is words, not numbers
        return Arrays.stream(rest.split("\\s+")).map(t -> t.replace(",", "").replace("%", ""))
                .filter(t -> t.matches("\\d+(\\.\\d+)?")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void benchPrintsEveryRowWithPositiveNumbers() {
        Run r = bench("--seconds", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("machine +" + Runtime.getRuntime().availableProcessors() + " cores");
        assertThat(out).contains("JVM ").contains(System.getProperty("java.runtime.version"));
        assertThat(out).contains("BC 1.84");
        for (String row : RAW_ROWS) {
            double[] n = numbersOf(out, row);
            boolean hasBytes = !row.contains("16 B");
            // ops/s, ops/CPU-s, MB/s (where bytes mean something), on-CPU %
            assertThat(n).as(row).hasSize(hasBytes ? 4 : 3);
            assertThat(Arrays.stream(n).min().orElse(0)).as(row).isPositive();
        }
        for (String row : PROTOCOL_ROWS) {
            double[] n = numbersOf(out, row);
            // msg/s, msg/CPU-s, MB/s, on-CPU %, floor/CPU-s, % of floor
            assertThat(n).as(row).hasSize(6);
            assertThat(Arrays.stream(n).min().orElse(0)).as(row).isPositive();
        }
        assertThat(r.err()).contains("measuring seal plain, 1 KiB");
    }

    @Test
    void benchRefusesUnusableOptionsWithExit2() {
        for (String[] args : List.of(new String[] {"--seconds", "0"}, new String[] {"--seconds", "-1"},
                new String[] {"--threads", "0"}, new String[] {"--seconds", "soon"})) {
            Run r = bench(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(HubCommand.UNUSABLE);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err()).as(String.join(" ", args)).isNotBlank();
        }
    }
}
