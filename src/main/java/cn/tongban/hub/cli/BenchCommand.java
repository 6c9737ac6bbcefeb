package cn.tongban.hub.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code bench}: protocol throughput beside Bouncy Castle's raw SM2 rates. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark sealing and opening.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("bench is not written yet");
    }
}
