package cn.tongban.hub.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import cn.tongban.hub.bench.BenchReport;
import cn.tongban.hub.bench.ProtocolBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench}: protocol throughput beside Bouncy Castle's raw SM2 rates. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ExchangeBenchCommand.class,
        description = {"Benchmark TEP/1 sealing and opening (1 KiB and 64 KiB bodies, plain and SM4-GCM) through the",
                "hub's own sealer and opener, beside Bouncy Castle's raw SM2 sign/verify/encrypt/decrypt and SM4-GCM",
                "rates measured in the same run, and print each operation's share of its crypto floor.",
                "Prints the table on stdout (exit 0) and progress on stderr. A measurement, not a test.",
                "'bench exchange' measures the whole exchange between two hubs instead (see bench exchange --help)."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "measured time per measurement, after its warm-up (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S",
            description = "warm-up time per measurement (default: half of --seconds)")
    Double warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "threads running each measurement at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        double w = warmup == null ? seconds / 2 : warmup;
        if (!(seconds > 0) || Double.isInfinite(seconds) || !(w >= 0) || Double.isInfinite(w)) {
            throw new Inputs.UnusableInput("--seconds must be positive and --warmup not negative", null);
        }
        if (threads < 1 || threads > 1024) {
            throw new Inputs.UnusableInput("--threads is between 1 and 1024", null);
        }
        ProtocolBench.Settings settings = new ProtocolBench.Settings(nanos(seconds), nanos(w), threads);
        var err = spec.commandLine().getErr();
        BenchReport report = new ProtocolBench(settings, m -> {
            err.println(m);
            err.flush();
        }).run();
        report.print(spec.commandLine().getOut());
        return 0;
    }

    private static Duration nanos(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
