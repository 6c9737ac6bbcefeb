package cn.tongban.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TimedTest {

    @Test
    void cpuPerOperationIsAllThreadsCpuOverAllOperationsNotTheInverseOfTheSummedRate() {
        // two threads, 100 operations each in one second of wall time, each on a CPU half of it
        Timed.Rate r = Timed.Rate.of(new long[] {100, 100}, new long[] {1_000_000_000L, 1_000_000_000L},
                new long[] {500_000_000L, 500_000_000L});

        assertThat(r.perSecond()).isCloseTo(200, within(1e-9));
        assertThat(r.perCpuSecond()).isCloseTo(400, within(1e-9)); // what the two threads would do never preempted
        assertThat(r.onCpu()).isCloseTo(0.5, within(1e-9));
        assertThat(r.operations()).isEqualTo(200);
        // one second of CPU for 200 operations: 5 ms each (1000 / perCpuSecond would say 2.5)
        assertThat(r.cpuMillisPerOperation()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void unevenThreadsWeighTheirOperations() {
        Timed.Rate r = Timed.Rate.of(new long[] {300, 100}, new long[] {1_000_000_000L, 1_000_000_000L},
                new long[] {900_000_000L, 100_000_000L});

        assertThat(r.cpuMillisPerOperation()).isCloseTo(2.5, within(1e-9)); // 1 s of CPU, 400 operations
        assertThat(r.onCpu()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void withoutThreadCpuTimeOnlyTheWallRateIsKnown() {
        Timed.Rate r = Timed.Rate.of(new long[] {50}, new long[] {500_000_000L}, new long[] {-1});

        assertThat(r.perSecond()).isCloseTo(100, within(1e-9));
        assertThat(r.perCpuSecond()).isNaN();
        assertThat(r.cpuMillisPerOperation()).isNaN();
        assertThat(r.cost()).isCloseTo(100, within(1e-9));
    }

    @Test
    void aMeasuredOperationReportsTheCpuItBurned() {
        Timed.Rate r = Timed.measure(() -> () -> {
            long x = 0;
            for (int i = 0; i < 200_000; i++) {
                x += Long.rotateLeft(x ^ i, 7);
            }
            return x | 1;
        }, 2, Duration.ofMillis(50), Duration.ofMillis(300));

        assertThat(r.operations()).isPositive();
        if (Timed.cpuTimeMeasured()) {
            assertThat(r.cpuNanos()).isPositive();
            assertThat(r.cpuMillisPerOperation()).isCloseTo(r.cpuNanos() / 1e6 / r.operations(), within(1e-12));
            // the threads were on a CPU at most the whole window: CPU per operation times the wall rate is at most
            // the two threads' worth of cores
            assertThat(r.cpuMillisPerOperation() * r.perSecond() / 1000).isLessThanOrEqualTo(2.05);
        }
    }

    @Test
    void theHubsAreComparedWithTheMeanOfTheCeilingsThatBracketTheirPhase() {
        java.util.List<ExchangeReport.Ceiling> ceilings = java.util.List.of(
                new ExchangeReport.Ceiling(1024, false, 1000, 1400, 0.7, 1.2),
                new ExchangeReport.Ceiling(16384, false, 700, 800, 0.9, 2.4),
                new ExchangeReport.Ceiling(1024, true, 600, 900, 0.66, 1.6));
        ExchangeReport report = new ExchangeReport(null, null, java.util.List.of(), null, null, ceilings,
                java.util.List.of(), java.util.List.of(), java.util.List.of());

        assertThat(report.ceilingOf(1024, ExchangeReport.Ceiling::perSecond).getAsDouble()).isCloseTo(800, within(1e-9));
        assertThat(report.ceilingOf(1024, ExchangeReport.Ceiling::cpuMillisPerMessage).getAsDouble()).isCloseTo(1.4, within(1e-9));
        assertThat(report.ceilingOf(16384, ExchangeReport.Ceiling::perSecond).getAsDouble()).isCloseTo(700, within(1e-9));
        assertThat(report.ceilingOf(512, ExchangeReport.Ceiling::perSecond)).isEmpty();
    }
}
