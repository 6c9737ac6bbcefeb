package cn.tongban.hub.bench;

import java.util.Arrays;

/**
 * The latencies of one phase, and when each message arrived (to count arrivals inside a time window).
 * Appended to from the arriving threads.
 */
final class Latencies {
    private long[] latency = new long[1024];
    private long[] arrivedAt = new long[1024];
    private int n;

    synchronized void add(long startNanos, long arrivedNanos) {
        if (n == latency.length) {
            latency = Arrays.copyOf(latency, n * 2);
            arrivedAt = Arrays.copyOf(arrivedAt, n * 2);
        }
        latency[n] = arrivedNanos - startNanos;
        arrivedAt[n++] = arrivedNanos;
    }

    synchronized int count() {
        return n;
    }

    synchronized int arrivedBetween(long from, long to) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (arrivedAt[i] >= from && arrivedAt[i] < to) {
                c++;
            }
        }
        return c;
    }

    synchronized long lastArrival() {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            last = Math.max(last, arrivedAt[i]);
        }
        return last;
    }

    /** p50, p95, p99 in milliseconds (nearest rank). */
    synchronized Percentiles percentiles() {
        long[] s = Arrays.copyOf(latency, n);
        Arrays.sort(s);
        return new Percentiles(rank(s, 0.50), rank(s, 0.95), rank(s, 0.99));
    }

    private static double rank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    record Percentiles(double p50, double p95, double p99) {
    }
}
