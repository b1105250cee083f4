package dev.portico.loadtest.gen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one workload measured, recorded from any event loop: answers by status (or error kind), bytes,
 * and two latency histograms: from the intended send time (what a visitor waited, coordinated omission
 * corrected) and from the actual write (what the server took once asked). The progress thread takes an
 * interval every second and folds it into the totals.
 */
public final class Tally {

    /** Latencies up to an hour, in microseconds, to 3 significant digits. */
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder bytes = new LongAdder();
    private final Recorder corrected = new Recorder(1, MAX_MICROS, 3);
    private final Recorder uncorrected = new Recorder(1, MAX_MICROS, 3);
    private final Histogram totalCorrected = new Histogram(1, MAX_MICROS, 3);
    private final Histogram totalUncorrected = new Histogram(1, MAX_MICROS, 3);
    private Histogram intervalCorrected;
    private Histogram intervalUncorrected;

    /**
     * An answer (status {@code "200"}, ...) or a timeout, with its latency: {@code end - intended} and
     * {@code end - sent}, in nanoseconds.
     */
    public void answered(String status, long intended, long sent, long end, long bodyBytes) {
        count(status);
        bytes.add(bodyBytes);
        corrected.recordValue(clamp((end - intended) / 1000));
        uncorrected.recordValue(clamp((end - sent) / 1000));
    }

    /**
     * A request that waited for a connection until its timeout and was never sent: counted as a timeout,
     * in the latency a visitor saw only (it has no server time).
     */
    public void expired(long intended, long now) {
        count("timeout");
        corrected.recordValue(clamp((now - intended) / 1000));
    }

    /** A failure without an answer: {@code connect}, {@code reset}, {@code tls}, {@code proxy_<status>}. */
    public void failed(String kind) {
        count(kind);
    }

    private void count(String status) {
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    private static long clamp(long micros) {
        return Math.max(1, Math.min(MAX_MICROS, micros));
    }

    /** Folds what was recorded since the last call into the totals; returns that interval (corrected). */
    public synchronized Histogram interval() {
        intervalCorrected = corrected.getIntervalHistogram(intervalCorrected);
        intervalUncorrected = uncorrected.getIntervalHistogram(intervalUncorrected);
        totalCorrected.add(intervalCorrected);
        totalUncorrected.add(intervalUncorrected);
        return intervalCorrected;
    }

    /** Counts by status so far, sorted. */
    public Map<String, Long> statuses() {
        Map<String, Long> out = new TreeMap<>();
        statuses.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long bytes() {
        return bytes.sum();
    }

    /** Totals after a final {@link #interval()}. */
    public synchronized Histogram totalCorrected() {
        return totalCorrected.copy();
    }

    public synchronized Histogram totalUncorrected() {
        return totalUncorrected.copy();
    }
}
