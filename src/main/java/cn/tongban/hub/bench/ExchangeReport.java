package cn.tongban.hub.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import cn.tongban.hub.crypto.Sm2;

/** What one {@link ExchangeBench} run measured, and its printed table. */
public record ExchangeReport(BenchReport.Environment environment, ExchangeBench.Settings settings, List<String> rig,
                             WarmUp warmUp, WarmUp bridgeWarmUp, List<Ceiling> ceilings, List<Closed> hub, List<Closed> bridge, List<Step> steps) {

    /** The ceiling's row when measured after the hubs' closed loop (the first row of a size is measured before them). */
    static final String AFTER = "the same, after the hubs' closed loop";

    /** The hubs' warm-up: messages sent before the first measured phase, and the JIT's share of a core at its end. */
    public record WarmUp(int messages, int rounds, double lastJit) {
    }

    /**
     * The crypto ceiling at one body size, measured before the hubs start ({@code after == false}) or right after the
     * hubs' closed loop of that size, with the hubs idle ({@code after == true}): the machine's speed drifts over a run
     * (a shared VM: the ceiling moved between 656 and 1,385 msg/s within an hour on 25 November), so the ratios use
     * the mean of the two that bracket the hubs' phase.
     */
    public record Ceiling(int bytes, boolean after, double perSecond, double perCpuSecond, double onCpu, double cpuMillisPerMessage) {
        Ceiling(int bytes, boolean after, Timed.Rate r) {
            this(bytes, after, r.perSecond(), r.perCpuSecond(), r.onCpu(), r.cpuMillisPerOperation());
        }
    }

    /** A closed-loop phase of the hub or the plain bridge. */
    public record Closed(String way, int bytes, int messages, double perSecond, double p50, double p95, double p99,
                         double cpu, double cpuMillisPerMessage, double jit, Sm2.Operations sm2, long heapUsed,
                         long residentBytes, java.util.Map<String, Long> cpuByPool, long processCpuNanos,
                         long storeServerCpuNanos) {
        Closed(String way, int bytes, Load.Closed c) {
            this(way, bytes, c.messages(), c.perSecond(), c.latency().p50(), c.latency().p95(), c.latency().p99(), c.cpu(),
                    c.cpuMillisPerMessage(), c.jit(), c.sm2(), c.heapUsed(), c.residentBytes(), c.cpuByPool(), c.processCpuNanos(),
                    c.storeServerCpuNanos());
        }

        /** CPU milliseconds per message of one thread pool ({@link ThreadCpu#pool}); 0 if it did not run. */
        double poolMillisPerMessage(String pool) {
            return cpuByPool.getOrDefault(pool, 0L) / 1e6 / messages;
        }

        /** CPU milliseconds per message of the threads no snapshot names: GC, JIT compilers, the VM's own. */
        double otherMillisPerMessage() {
            long java = cpuByPool.values().stream().mapToLong(Long::longValue).sum();
            return Math.max(0, processCpuNanos - java) / 1e6 / messages;
        }

        /** SM2 operations per measured message, "sign/verify/encrypt/decrypt". */
        String sm2PerMessage() {
            return String.format(Locale.ROOT, "%s/%s/%s/%s", trim((double) sm2.signatures() / messages),
                    trim((double) sm2.verifications() / messages), trim((double) sm2.encryptions() / messages),
                    trim((double) sm2.decryptions() / messages));
        }
    }

    /** An open-loop step of the hub. */
    public record Step(int bytes, int step, double offered, double delivered, double p50, double p95, double p99,
                       double cpu, boolean drained) {
        Step(int bytes, int step, Load.Step s) {
            this(bytes, step, s.offered(), s.delivered(), s.latency().p50(), s.latency().p95(), s.latency().p99(), s.cpu(),
                    s.drained());
        }
    }

    public void print(PrintWriter out) {
        BenchReport.Environment e = environment;
        ExchangeBench.Settings s = settings;
        out.println("Tongban Hub bench exchange: two hubs on loopback, submit -> verified receipt, beside the crypto ceiling");
        out.println("and a plain HTTP -> Artemis -> HTTP bridge, same JVM, same run");
        out.printf(Locale.ROOT, "machine  %d cores (%s), %s%n", e.cores(), e.cpu(), e.os());
        out.printf(Locale.ROOT, "JVM      %s, max heap %d MiB%n", e.jvm(), e.maxHeap() >> 20);
        for (String line : rig) {
            out.println(line);
        }
        out.printf(Locale.ROOT, "run      closed loop: %,d messages per phase after %,d not measured, %d in flight; open loop: %s s steps,%n",
                s.messages(), s.warmUpMessages(), s.concurrency(), BenchReport.seconds(s.window()));
        out.printf(Locale.ROOT, "         from %s x%s a step until delivered grows < 5 %% (at most %d steps); ceiling: %s s on %d threads%n",
                s.startRate() == null ? "1/4 of the closed-loop rate" : rate(s.startRate()) + " msg/s",
                trim(s.stepFactor()), s.maxSteps(), BenchReport.seconds(s.window()), e.cores());
        out.printf(Locale.ROOT, "warm-up  %,d messages through the hubs in %d rounds before the first phase, until the JIT compiled%n"
                + "         for less than %s of a core over a round (last round: %s)%n", warmUp.messages(), warmUp.rounds(),
                percent(ExchangeBench.JIT_SETTLED), percent(warmUp.lastJit()));
        out.printf(Locale.ROOT, "         the plain bridge likewise, before its phases: %,d messages in %d rounds (last round: %s)%n",
                bridgeWarmUp.messages(), bridgeWarmUp.rounds(), percent(bridgeWarmUp.lastJit()));
        out.printf(Locale.ROOT, "load     1-min load average %.2f before, %.2f after%n", e.loadBefore(), e.loadAfter());
        out.println("columns  msg/s: messages delivered with a verified receipt (hub) or arrived at the sink (bridge) per wall");
        out.println("         second; latency from submit (closed loop) or from the instant a message was due (open loop) to");
        out.println("         its verified receipt; CPU: the whole process's CPU time / wall time / cores (both hubs, broker,");
        out.println("         store, load generator); CPU ms/msg: that CPU time per message; JIT: the compilers' time as a share");
        out.println("         of one core; SM2 s/v/e/d: signatures, verifications, encryptions, decryptions per message (the");
        out.println("         signatures include the audit trails' signed checkpoints);");
        out.println("         heap used and RSS at the end of the phase");
        out.println();
        out.printf(Locale.ROOT, "%-28s %7s %7s %7s %7s %5s %10s %5s %12s %8s %7s%n", "closed loop, " + s.concurrency() + " in flight",
                "msg/s", "p50 ms", "p95 ms", "p99 ms", "CPU", "CPU ms/msg", "JIT", "SM2 s/v/e/d", "heap MiB", "RSS MiB");
        for (List<Closed> rows : List.of(hub, bridge)) {
            for (Closed c : rows) {
                out.printf(Locale.ROOT, "  %-26s %7s %7s %7s %7s %5s %10s %5s %12s %8d %7s%n", c.way() + ", " + BenchReport.size(c.bytes()),
                        rate(c.perSecond()), ms(c.p50()), ms(c.p95()), ms(c.p99()), percent(c.cpu()), ms(c.cpuMillisPerMessage()),
                        percent(c.jit()), c.sm2PerMessage(), c.heapUsed() >> 20,
                        c.residentBytes() < 0 ? "-" : String.valueOf(c.residentBytes() >> 20));
            }
        }
        printThreads(out);
        out.println();
        out.printf(Locale.ROOT, "%-40s %9s %9s %8s %8s %8s %5s%n", "open loop, hub", "offered", "delivered", "p50 ms", "p95 ms",
                "p99 ms", "CPU");
        for (Step st : steps) {
            out.printf(Locale.ROOT, "  %-38s %9s %9s %8s %8s %8s %5s%s%n", "hub " + BenchReport.size(st.bytes()) + ", step " + st.step(),
                    rate(st.offered()), rate(st.delivered()), ms(st.p50()), ms(st.p95()), ms(st.p99()), percent(st.cpu()),
                    st.drained() ? "" : "  (not drained: stopped)");
        }
        out.println();
        out.printf(Locale.ROOT, "%-40s %9s %9s %8s %10s%n", "crypto ceiling, " + e.cores() + " threads", "msg/s", "if on-CPU", "on-CPU",
                "CPU ms/msg");
        for (Ceiling c : ceilings) {
            out.printf(Locale.ROOT, "  %-38s %9s %9s %8s %10s%n", BenchReport.size(c.bytes()) + ", "
                    + (c.after() ? AFTER : CryptoCeiling.ROW), rate(c.perSecond()),
                    rate(c.perCpuSecond()), percent(c.onCpu()), ms(c.cpuMillisPerMessage()));
        }
        out.println();
        out.printf(Locale.ROOT, "%-40s %11s %11s %11s %16s%n", "ratios (closed loop)", "hub msg/s", "of ceiling", "of bridge",
                "ceiling CPU/hub");
        for (Closed h : hub) {
            out.printf(Locale.ROOT, "  %-38s %11s %11s %11s %16s%n", BenchReport.size(h.bytes()), rate(h.perSecond()),
                    ratio(h.perSecond(), ceilingOf(h.bytes(), Ceiling::perSecond)),
                    ratio(h.perSecond(), bridge.stream().filter(b -> b.bytes() == h.bytes()).mapToDouble(Closed::perSecond).findFirst()),
                    ratio(ceilingOf(h.bytes(), Ceiling::cpuMillisPerMessage).orElse(Double.NaN),
                            java.util.OptionalDouble.of(h.cpuMillisPerMessage())));
        }
        out.println("  of ceiling, ceiling CPU/hub: against the mean of the ceilings measured before the hubs and right after");
        out.println("  their closed loop (the machine's speed drifts over a run);");
        out.println("  ceiling CPU/hub: the ceiling's CPU time per message over the hub's, i.e. the share of the hub's CPU that");
        out.println("  is the message's cryptography (100 % would be an exchange costing nothing beyond it); the ceiling's CPU ms/msg");
        out.println("  is all its threads' CPU time over its messages, as the hub's is the process's; if on-CPU: the rate its");
        out.println("  threads would reach if they were never preempted (each thread's rate per second of its own CPU, summed)");
        out.println();
        out.println("ceiling: per message the sender seals the body encrypted to the receiver (fresh SM4 key, SM2 encrypt, SM2");
        out.println("  sign), the receiver opens it (chain, signature, SM2 decrypt, SM4-GCM) and signs its receipt, the sender");
        out.println("  verifies the receipt: the hub's own protocol code on every core, no TLS, HTTP, store or broker.");
        out.println("plain bridge: HTTP POST -> persistent JMS queue on the sending hub's embedded Artemis -> Camel consumer");
        out.println("  (transacted, as many consumers as the hub's delivery) -> HTTP POST to a sink; no crypto, no store.");
        out.flush();
    }

    /** Pools shown in "where the CPU goes": the largest, at most this many. */
    static final int POOLS_SHOWN = 14;

    /**
     * CPU milliseconds per message by thread pool for every closed-loop phase: the pools that spent most over all
     * phases, then the rest of the Java threads, then what the JVM's own threads (GC, JIT) took.
     */
    private void printThreads(PrintWriter out) {
        List<Closed> phases = new java.util.ArrayList<>(hub);
        phases.addAll(bridge);
        if (phases.isEmpty() || phases.stream().allMatch(c -> c.cpuByPool().isEmpty())) {
            return;
        }
        java.util.Map<String, Double> weight = new java.util.HashMap<>();
        for (Closed c : phases) {
            c.cpuByPool().keySet().forEach(p -> weight.merge(p, c.poolMillisPerMessage(p), Double::sum));
        }
        List<String> shown = weight.entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(POOLS_SHOWN).map(java.util.Map.Entry::getKey).toList();
        out.println();
        out.println("where the CPU goes, closed loop: CPU ms per message by thread pool (thread names without their numbers;");
        out.println("  each thread's CPU time, kernel time included; both hubs' pools of one name count together)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-58s", "thread pool"));
        phases.forEach(c -> head.append(String.format(Locale.ROOT, " %12s", (c.way().equals("hub") ? "hub " : "bridge ")
                + BenchReport.size(c.bytes()))));
        out.println(head);
        for (String pool : shown) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-58s", abbreviate(pool, 58)));
            phases.forEach(c -> row.append(String.format(Locale.ROOT, " %12s", ms(c.poolMillisPerMessage(pool)))));
            out.println(row);
        }
        StringBuilder rest = new StringBuilder(String.format(Locale.ROOT, "  %-58s", "other Java threads"));
        phases.forEach(c -> rest.append(String.format(Locale.ROOT, " %12s", ms(c.cpuByPool().entrySet().stream()
                .filter(e -> !shown.contains(e.getKey())).mapToLong(java.util.Map.Entry::getValue).sum() / 1e6 / c.messages()))));
        out.println(rest);
        StringBuilder vm = new StringBuilder(String.format(Locale.ROOT, "  %-58s", "GC, JIT and the VM's own threads"));
        phases.forEach(c -> vm.append(String.format(Locale.ROOT, " %12s", ms(c.otherMillisPerMessage()))));
        out.println(vm);
        if (phases.stream().anyMatch(c -> c.storeServerCpuNanos() > 0)) {
            StringBuilder server = new StringBuilder(String.format(Locale.ROOT, "  %-58s", "PostgreSQL server processes (not in CPU ms/msg)"));
            phases.forEach(c -> server.append(String.format(Locale.ROOT, " %12s", ms(c.storeServerCpuNanos() / 1e6 / c.messages()))));
            out.println(server);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A figure of the ceiling at one body size: the mean over its measurements (before the hubs, after them). */
    java.util.OptionalDouble ceilingOf(int bytes, java.util.function.ToDoubleFunction<Ceiling> figure) {
        return ceilings.stream().filter(c -> c.bytes() == bytes).mapToDouble(figure).average();
    }

    private static String ratio(double hub, java.util.OptionalDouble of) {
        return of.isPresent() && of.getAsDouble() > 0 ? percent(hub / of.getAsDouble()) : "-";
    }

    private static String rate(double perSecond) {
        return BenchReport.rate(perSecond);
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return String.format(Locale.ROOT, millis >= 100 ? "%,.0f" : "%.3g", millis);
    }

    private static String percent(double share) {
        return BenchReport.percent(share);
    }

    private static String trim(double d) {
        return BenchReport.trim(d);
    }
}
