package cn.tongban.hub.bench;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.protocol.MessageIds;

/**
 * Offers messages to a {@link ExchangeRig.Way} and times each from its start to its arrival, which the rig
 * reports to {@link #arrived}. Two shapes of load:
 * <ul>
 *   <li>closed loop: K messages in flight, each of K senders sends its next message once its last one arrived;</li>
 *   <li>open loop: messages started at a fixed rate whatever happens to earlier ones. A message's latency counts
 *       from the instant it was due, not from when a sender thread got to it, so that a system falling behind
 *       shows it in its latencies instead of slowing the offered load down (no coordinated omission).</li>
 * </ul>
 */
final class Load {
    /** How long one message may take before the run is abandoned: a lost message is a failure, not a slow one. */
    static final Duration MESSAGE_TIMEOUT = Duration.ofSeconds(120);

    private record Pending(long startNanos, Latencies into, CompletableFuture<Long> done) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** Called by the rig, on its threads, for every id that arrived. */
    void arrived(String id) {
        long now = System.nanoTime();
        Pending p = pending.remove(id);
        if (p != null) {
            p.into().add(p.startNanos(), now);
            p.done().complete(now);
        }
    }

    /** What one closed-loop phase gave. */
    record Closed(int messages, double perSecond, Latencies.Percentiles latency, double cpu, double jit,
                  Sm2.Operations sm2, long heapUsed, long residentBytes, Map<String, Long> cpuByPool, long processCpuNanos,
                  long storeServerCpuNanos) {
        /** CPU milliseconds the whole process spent per message (both hubs, broker, stores, load generator). */
        double cpuMillisPerMessage() {
            return cpu * ProcessUsage.CORES * 1000 / perSecond;
        }
    }

    /** {@code messages} through {@code way} with {@code inFlight} in flight; throws if one fails or never arrives. */
    Closed closed(ExchangeRig.Way way, byte[] body, int messages, int inFlight) throws Exception {
        return closed(way, body, messages, inFlight, () -> 0);
    }

    /** The same, also measuring {@code storeServerCpu} (CPU nanoseconds of a store server outside this JVM). */
    Closed closed(ExchangeRig.Way way, byte[] body, int messages, int inFlight, java.util.function.LongSupplier storeServerCpu)
            throws Exception {
        long serverBefore = storeServerCpu.getAsLong();
        Latencies lat = new Latencies();
        AtomicInteger issued = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ProcessUsage before = ProcessUsage.now();
        ThreadCpu threadsBefore = ThreadCpu.now();
        Sm2.Operations sm2Before = Sm2.operations();
        java.util.concurrent.atomic.LongAdder senderCpu = new java.util.concurrent.atomic.LongAdder();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < Math.min(inFlight, messages); t++) {
            Thread s = new Thread(() -> {
                long cpuFrom = ThreadCpu.currentThread();
                try {
                    while (failure.get() == null && issued.getAndIncrement() < messages) {
                        String id = MessageIds.next(); // the id the hub would have given it: ids shape the stores' indexes
                        CompletableFuture<Long> done = new CompletableFuture<>();
                        pending.put(id, new Pending(System.nanoTime(), lat, done));
                        try {
                            way.send(id, body);
                        } catch (Exception e) {
                            pending.remove(id);
                            throw e;
                        }
                        done.get(MESSAGE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    }
                } catch (TimeoutException e) {
                    failure.compareAndSet(null, new IllegalStateException("a message did not arrive within " + MESSAGE_TIMEOUT.toSeconds() + " s"));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    senderCpu.add(ThreadCpu.currentThread() - cpuFrom); // the thread ends before the last snapshot
                }
            }, "bench-sender-" + t);
            s.setDaemon(true);
            senders.add(s);
            s.start();
        }
        for (Thread s : senders) {
            s.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the closed-loop phase failed: " + failure.get(), failure.get());
        }
        ProcessUsage after = ProcessUsage.now();
        Map<String, Long> byPool = ThreadCpu.now().since(threadsBefore, Map.of(ThreadCpu.pool("bench-sender-0"), senderCpu.sum()));
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        return new Closed(lat.count(), lat.count() / seconds, lat.percentiles(), after.cpuSince(before), after.jitSince(before),
                Sm2.operations().since(sm2Before), after.heapUsed(), after.residentBytes(), byPool, after.cpuNanos() - before.cpuNanos(),
                storeServerCpu.getAsLong() - serverBefore);
    }

    /** What one open-loop step gave; {@code drained} false when its messages had not all arrived in the time allowed. */
    record Step(double offered, double delivered, Latencies.Percentiles latency, double cpu, boolean drained) {
    }

    /**
     * Starts messages at {@code rate} per second for {@code window}, on {@code senders} threads, then waits for every
     * one of them to arrive (at most {@code drainLimit}). Delivered counts the arrivals inside the window.
     */
    Step open(ExchangeRig.Way way, byte[] body, double rate, Duration window, int senders, Duration drainLimit)
            throws InterruptedException {
        Latencies lat = new Latencies();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders, r -> {
            Thread t = new Thread(r, "bench-open-sender");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.round(1e9 / rate);
        ProcessUsage before = ProcessUsage.now();
        long start = before.nanoTime() + 1_000_000;
        long end = start + window.toNanos();
        int started = 0;
        try {
            for (long due = start; due < end && failure.get() == null; due += interval) {
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long dueAt = due;
                started++;
                pool.execute(() -> {
                    String id = MessageIds.next();
                    pending.put(id, new Pending(dueAt, lat, new CompletableFuture<>()));
                    try {
                        way.send(id, body);
                    } catch (Throwable e) {
                        pending.remove(id);
                        failure.compareAndSet(null, e);
                    }
                });
            }
            ProcessUsage atEnd = ProcessUsage.now();
            long drainUntil = System.nanoTime() + drainLimit.toNanos();
            while (lat.count() < started && failure.get() == null && System.nanoTime() < drainUntil) {
                Thread.sleep(20);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("an open-loop send failed: " + failure.get(), failure.get());
            }
            double seconds = window.toNanos() / 1e9;
            return new Step(started / seconds, lat.arrivedBetween(start, end) / seconds, lat.percentiles(),
                    atEnd.cpuSince(before), lat.count() >= started);
        } finally {
            pool.shutdownNow();
        }
    }
}
