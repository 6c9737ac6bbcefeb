package cn.tongban.hub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The whole exchange between two hubs, measured (issue 7): in one JVM and one run,
 * <ol>
 *   <li>the crypto ceiling at each body size ({@link CryptoCeiling}, on all cores), before any hub starts;</li>
 *   <li>two real hubs on loopback ({@link ExchangeRig}): per body size, a closed loop of {@code concurrency}
 *       messages in flight, submit → verified receipt, the crypto ceiling again right after it (hubs idle), then
 *       an open loop at rising offered rates until delivered throughput gains less than 5 % over the best step so
 *       far;</li>
 *   <li>the plain bridge (HTTP → Artemis → HTTP, no crypto, no store) at the same concurrency;</li>
 * </ol>
 * and the hub's rate as a share of the ceiling (the mean of the two that bracket its phase) and of the bridge. A
 * measurement, not a test.
 */
public final class ExchangeBench {
    /** Delivered throughput must grow at least this much per open-loop step for the rise to go on. */
    static final double GROWTH = 1.05;
    /** Warm-up goes on while the JIT compiles for more than this share of one core over a round. */
    static final double JIT_SETTLED = 0.05;
    /** Warm-up rounds at most (each is {@code warmUpMessages} of every body size). */
    static final int MAX_WARM_UP_ROUNDS = 12;

    /**
     * @param messages       measured messages per closed-loop phase
     * @param warmUpMessages messages sent before each closed-loop phase, not measured (the JIT settles)
     * @param bodies         body sizes in bytes
     * @param concurrency    messages in flight in the closed loop; sender threads in the open loop
     * @param window         each open-loop step's length, and the crypto ceiling's measured window
     * @param startRate      the first open-loop rate; null: a quarter of the closed loop's rate at that body size
     * @param stepFactor     each open-loop step offers this many times the previous one
     * @param maxSteps       open-loop steps at most, per body size
     */
    public record Settings(int messages, int warmUpMessages, List<Integer> bodies, int concurrency, Duration window,
                           Double startRate, double stepFactor, int maxSteps, ExchangeRig.Settings rig) {
        public Settings {
            if (messages < 1 || warmUpMessages < 0 || concurrency < 1 || bodies.isEmpty() || maxSteps < 1
                    || !(stepFactor > 1) || window.isNegative() || window.isZero() || (startRate != null && !(startRate > 0))) {
                throw new IllegalArgumentException("unusable exchange bench settings");
            }
            bodies = List.copyOf(bodies);
        }
    }

    private final Settings settings;
    private final ExchangeRig.Factory rigs;
    private final Consumer<String> progress;

    public ExchangeBench(Settings settings, ExchangeRig.Factory rigs, Consumer<String> progress) {
        this.settings = settings;
        this.rigs = rigs;
        this.progress = progress;
    }

    public ExchangeReport run() throws Exception {
        double loadBefore = BenchReport.Environment.loadAverage();
        int cores = ProcessUsage.CORES;
        List<ExchangeReport.Ceiling> ceilings = new ArrayList<>();
        Duration ceilingWarmUp = settings.window().dividedBy(2);
        // once through every size first: the EC, SM3 and SM4 code is compiled before the first measured window
        for (int size : settings.bodies()) {
            progress.accept("warming up the crypto ceiling, " + BenchReport.size(size));
            CryptoCeiling.measure(size, cores, Duration.ZERO, ceilingWarmUp);
        }
        for (int size : settings.bodies()) {
            ceilings.add(ceiling(size, cores, ceilingWarmUp, false));
        }
        Load load = new Load();
        List<ExchangeReport.Closed> hub = new ArrayList<>();
        List<ExchangeReport.Closed> bridge = new ArrayList<>();
        List<ExchangeReport.Step> steps = new ArrayList<>();
        List<String> rigDescription;
        ExchangeReport.WarmUp warmUp;
        ExchangeReport.WarmUp bridgeWarmUp;
        progress.accept("starting two hubs on loopback, one after the other, and the plain bridge");
        try (ExchangeRig rig = rigs.start(settings.rig(), load::arrived, progress)) {
            rigDescription = rig.description();
            warmUp = warmUp(load, rig);
            for (int size : settings.bodies()) {
                byte[] body = body(size);
                Load.Closed c = closed(load, rig, rig.hub(), "hub", body);
                hub.add(new ExchangeReport.Closed("hub", size, c));
                // again right after the hubs' phase, with the hubs idle: the machine's speed drifts over a run
                ceilings.add(ceiling(size, cores, ceilingWarmUp, true));
                steps.addAll(rise(load, rig.hub(), body, c.perSecond()));
            }
            // the bridge's code paths (plain Tomcat, its route) are not the hubs': they are warmed up alike
            bridgeWarmUp = warmUp(load, rig.plainBridge(), "the plain bridge");
            for (int size : settings.bodies()) {
                bridge.add(new ExchangeReport.Closed("plain bridge", size, closed(load, rig, rig.plainBridge(), "plain bridge", body(size))));
            }
            progress.accept("stopping the hubs and the bridge");
        }
        return new ExchangeReport(BenchReport.Environment.current(loadBefore), settings, rigDescription, warmUp, bridgeWarmUp,
                ceilings, hub, bridge, steps);
    }

    /** The crypto ceiling at one size, once the process is nearly idle; {@code after}: after the hubs' closed loop. */
    private ExchangeReport.Ceiling ceiling(int size, int cores, Duration warmUp, boolean after) throws Exception {
        settle();
        progress.accept("measuring the crypto ceiling" + (after ? " again, " : ", ") + BenchReport.size(size) + ", " + cores + " threads");
        return new ExchangeReport.Ceiling(size, after, CryptoCeiling.measure(size, cores, warmUp, settings.window()));
    }

    /**
     * Every body size through the hubs, in rounds, until the JIT has settled: a hub in service runs for days, so its
     * compiled steady state is what counts. With a fixed 1,000 warm-up messages the C2 compiler still took 37 % of
     * the process's CPU during the measured phase and the hub measured 150 msg/s; after it settled, 240 (16:10 UTC).
     */
    private ExchangeReport.WarmUp warmUp(Load load, ExchangeRig rig) throws Exception {
        return warmUp(load, rig.hub(), "the hubs");
    }

    /**
     * Rounds of {@code warmUpMessages} of every body size through {@code way} until the JIT compiled for less than
     * {@link #JIT_SETTLED} of a core over a round (at most {@link #MAX_WARM_UP_ROUNDS}).
     */
    private ExchangeReport.WarmUp warmUp(Load load, ExchangeRig.Way way, String what) throws Exception {
        if (settings.warmUpMessages() == 0) {
            return new ExchangeReport.WarmUp(0, 0, Double.NaN);
        }
        int sent = 0;
        double jit = Double.NaN;
        int round = 0;
        while (round < MAX_WARM_UP_ROUNDS && !(jit < JIT_SETTLED)) {
            round++;
            ProcessUsage before = ProcessUsage.now();
            for (int size : settings.bodies()) {
                progress.accept("warming up " + what + ", round " + round + ", " + BenchReport.size(size) + ": "
                        + settings.warmUpMessages() + " messages");
                load.closed(way, body(size), settings.warmUpMessages(), settings.concurrency());
                sent += settings.warmUpMessages();
            }
            jit = ProcessUsage.now().jitSince(before);
            progress.accept(String.format(Locale.ROOT, "  the JIT compiled for %.0f %% of a core in this round", jit * 100));
        }
        return new ExchangeReport.WarmUp(sent, round, jit);
    }

    /** Below this share of the cores the process counts as idle: what earlier phases left behind is done. */
    static final double SETTLED_CPU = 0.15;
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(120);

    /**
     * Waits until the process is nearly idle (at most {@link #SETTLE_LIMIT}): an overloaded open-loop step leaves
     * work behind (the receiver hands over its backlog after the receipts went out), which would otherwise be
     * measured as part of the next phase.
     */
    private void settle() throws InterruptedException {
        long until = System.nanoTime() + SETTLE_LIMIT.toNanos();
        ProcessUsage last = ProcessUsage.now();
        boolean told = false;
        while (System.nanoTime() < until) {
            Thread.sleep(500);
            ProcessUsage now = ProcessUsage.now();
            if (now.cpuSince(last) < SETTLED_CPU) {
                return;
            }
            if (!told) {
                progress.accept("waiting for the work earlier phases left to finish");
                told = true;
            }
            last = now;
        }
    }

    private Load.Closed closed(Load load, ExchangeRig rig, ExchangeRig.Way way, String name, byte[] body) throws Exception {
        settle();
        String what = name + ", " + BenchReport.size(body.length) + ", " + settings.concurrency() + " in flight";
        if (settings.warmUpMessages() > 0) {
            progress.accept("warming up " + what + ": " + settings.warmUpMessages() + " messages");
            load.closed(way, body, settings.warmUpMessages(), settings.concurrency());
        }
        progress.accept("measuring " + what + ": " + settings.messages() + " messages");
        long[] storeBefore = rig.commitCounts();
        Load.Closed c = load.closed(way, body, settings.messages(), settings.concurrency(),
                settings.rig().store() == ExchangeRig.Store.POSTGRESQL ? ThreadCpu::postgresServer : () -> 0);
        long[] store = rig.commitCounts();
        progress.accept(String.format(Locale.ROOT, "  %.1f msg/s, p50 %.1f ms; group-committed store writes %.2f and commits %.2f, "
                        + "hand-over batches %.2f per message",
                c.perSecond(), c.latency().p50(), (double) (store[0] - storeBefore[0]) / c.messages(),
                (double) (store[1] - storeBefore[1]) / c.messages(), (double) (store[2] - storeBefore[2]) / c.messages()));
        return c;
    }

    /** Open-loop steps at rising rates until delivered throughput stops growing (or a step does not drain). */
    private List<ExchangeReport.Step> rise(Load load, ExchangeRig.Way way, byte[] body, double closedRate)
            throws InterruptedException {
        List<ExchangeReport.Step> steps = new ArrayList<>();
        double rate = settings.startRate() != null ? settings.startRate() : Math.max(1, closedRate / 4);
        double best = 0;
        Duration drainLimit = Duration.ofSeconds(60).plus(settings.window().multipliedBy(2));
        for (int i = 1; i <= settings.maxSteps(); i++) {
            progress.accept(String.format(Locale.ROOT, "open loop, hub, %s, step %d: %.1f msg/s for %s s",
                    BenchReport.size(body.length), i, rate, BenchReport.seconds(settings.window())));
            settle();
            Load.Step s = load.open(way, body, rate, settings.window(), settings.concurrency(), drainLimit);
            steps.add(new ExchangeReport.Step(body.length, i, s));
            boolean grew = s.delivered() >= best * GROWTH;
            best = Math.max(best, s.delivered());
            if (!s.drained() || (i > 1 && !grew)) {
                break;
            }
            rate *= settings.stepFactor();
        }
        return steps;
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        new java.util.Random(size).nextBytes(b); // what the bytes are does not matter: they are encrypted
        return b;
    }
}
