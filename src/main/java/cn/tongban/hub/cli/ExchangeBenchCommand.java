package cn.tongban.hub.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongban.hub.bench.ExchangeBench;
import cn.tongban.hub.bench.ExchangeReport;
import cn.tongban.hub.bench.ExchangeRig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench exchange}: the whole exchange between two hubs on loopback, beside its crypto ceiling and a plain bridge. */
@Command(name = "exchange", mixinStandardHelpOptions = true,
        description = {"Start two real hubs on loopback in this JVM (mutual TLS, store, embedded Artemis, SM4-GCM, receipts",
                "verified) and measure submit -> verified receipt: a closed loop at a fixed number in flight, then an open",
                "loop at rising rates until delivered throughput stops growing; beside it the crypto ceiling (the hub's",
                "protocol code alone, all cores) and a plain HTTP -> Artemis -> HTTP bridge. Temporary data, deleted after.",
                "Prints the table on stdout (exit 0) and progress on stderr. A measurement, not a test."})
final class ExchangeBenchCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(KiB|K|KB|MiB|M|MB|B)?", Pattern.CASE_INSENSITIVE);

    @Spec
    CommandSpec spec;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "20000",
            description = "measured messages per closed-loop phase (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--warmup-messages", paramLabel = "N",
            description = "messages sent before each closed-loop phase, not measured (default: a tenth of --messages, at least 1,000 "
                    + "where --messages is 1,000 or more: the JIT takes that long to settle on two cores)")
    Integer warmUpMessages;

    @Option(names = "--body", paramLabel = "SIZE[,SIZE...]", split = ",", defaultValue = "1KiB,16KiB",
            description = "body sizes, e.g. 1KiB,16KiB or 512B (default: ${DEFAULT-VALUE})")
    List<String> bodies;

    @Option(names = "--concurrency", paramLabel = "K", defaultValue = "32",
            description = "messages in flight in the closed loop, sender threads in the open loop (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "length of each open-loop step and of the crypto ceiling's window (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--start-rate", paramLabel = "MSG/S",
            description = "first open-loop rate (default: a quarter of the closed loop's rate at that body size)")
    Double startRate;

    @Option(names = "--step-factor", paramLabel = "F", defaultValue = "1.5",
            description = "each open-loop step offers F times the previous one (default: ${DEFAULT-VALUE})")
    double stepFactor;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "12",
            description = "open-loop steps at most per body size (default: ${DEFAULT-VALUE})")
    int maxSteps;

    @Option(names = "--store", paramLabel = "h2|postgresql", defaultValue = "h2",
            description = "the hubs' store: h2 (embedded file, default) or postgresql (127.0.0.1:5432/tongban_test, "
                    + "user tongban, a fresh schema per hub, dropped after)")
    String store;

    @Option(names = "--delivery-concurrency", paramLabel = "N", defaultValue = "4",
            description = "tep-delivery consumers of the sending hub, and consumers of the plain bridge (default: ${DEFAULT-VALUE}, "
                    + "the hub's own default)")
    int deliveryConcurrency;

    @Option(names = "--hub", paramLabel = "KEY=VALUE",
            description = "a setting for both hubs, e.g. --hub tongban.retry.initial-backoff=200ms (repeatable)")
    Map<String, String> hubSettings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (messages < 1 || (warmUpMessages != null && warmUpMessages < 0)) {
            throw new Inputs.UnusableInput("--messages must be positive and --warmup-messages not negative", null);
        }
        if (concurrency < 1 || concurrency > 1024 || deliveryConcurrency < 1 || deliveryConcurrency > 256) {
            throw new Inputs.UnusableInput("--concurrency is between 1 and 1024, --delivery-concurrency between 1 and 256", null);
        }
        if (!(seconds > 0) || Double.isInfinite(seconds) || !(stepFactor > 1) || Double.isInfinite(stepFactor) || maxSteps < 1
                || (startRate != null && (!(startRate > 0) || Double.isInfinite(startRate)))) {
            throw new Inputs.UnusableInput("--seconds and --start-rate must be positive, --step-factor above 1, --max-steps at least 1", null);
        }
        ExchangeRig.Store s = switch (store.toLowerCase(Locale.ROOT)) {
            case "h2" -> ExchangeRig.Store.H2;
            case "postgresql", "postgres" -> ExchangeRig.Store.POSTGRESQL;
            default -> throw new Inputs.UnusableInput("--store is h2 or postgresql, not " + store, null);
        };
        List<Integer> sizes = new ArrayList<>();
        for (String b : bodies) {
            sizes.add(size(b));
        }
        ExchangeBench.Settings settings = new ExchangeBench.Settings(messages,
                warmUpMessages == null ? Math.max(messages / 10, Math.min(messages, 1000)) : warmUpMessages, sizes, concurrency,
                Duration.ofNanos(Math.round(seconds * 1e9)), startRate, stepFactor, maxSteps,
                new ExchangeRig.Settings(s, deliveryConcurrency, hubSettings));
        var err = spec.commandLine().getErr();
        // the hubs' own log lines (WARN and above) go to the console through System.out: while they run, that is
        // standard error, so that standard output holds the report alone (the report's writer keeps the real one)
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err);
        ExchangeReport report;
        try {
            report = new ExchangeBench(settings, ExchangeRig.Factory.find(), m -> {
                // the time of day lets a profile (JFR) be cut to one phase
                err.println(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + m);
                err.flush();
            }).run();
        } finally {
            System.setOut(stdout);
        }
        report.print(spec.commandLine().getOut());
        return 0;
    }

    /** 1KiB, 16K, 512B, 1MiB, or a plain byte count. */
    static int size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new Inputs.UnusableInput("--body takes sizes like 1KiB or 512B, not " + text, null);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long bytes = unit.startsWith("K") ? n * 1024 : unit.startsWith("M") ? n * 1024 * 1024 : n;
        if (bytes < 1 || bytes > 8 * 1024 * 1024) {
            throw new Inputs.UnusableInput("--body sizes are between 1 B and 8 MiB, not " + text, null);
        }
        return (int) bytes;
    }
}
