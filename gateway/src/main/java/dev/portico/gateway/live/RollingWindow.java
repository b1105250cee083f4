package dev.portico.gateway.live;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One app's last minute: per second, how many requests ended, how many with a 5xx, how many the
 * gateway refused; per ten seconds, a latency histogram. Written from every event loop without locks.
 * A slot is reused once its second has passed: the first writer to notice resets it, and a count
 * that races that reset may be lost, which a live view can afford.
 */
final class RollingWindow {

    static final int SECONDS = 60;
    private static final int LATENCY_SLOTS = 7; // six full ten-second slots and the current one
    private static final int LATENCY_SPAN = 10;

    private final AtomicLongArray second = new AtomicLongArray(SECONDS);
    private final AtomicIntegerArray requests = new AtomicIntegerArray(SECONDS);
    private final AtomicIntegerArray errors = new AtomicIntegerArray(SECONDS);
    private final AtomicIntegerArray rejected = new AtomicIntegerArray(SECONDS);
    private final AtomicLongArray latencySlot = new AtomicLongArray(LATENCY_SLOTS);
    /** Each ten-second slot's histogram, made when the slot is first used: a short burst costs one or two. */
    private final AtomicReferenceArray<AtomicIntegerArray> latency = new AtomicReferenceArray<>(LATENCY_SLOTS);
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>(4);
    private volatile long lastSecond;

    RollingWindow() {
        for (int i = 0; i < SECONDS; i++) {
            second.set(i, -1);
        }
        for (int i = 0; i < LATENCY_SLOTS; i++) {
            latencySlot.set(i, -1);
        }
    }

    /** One finished exchange, at {@code now} (seconds on the window's clock). */
    void record(long now, int status, long nanos, String rejectedFor) {
        lastSecond = now;
        int i = (int) (now % SECONDS);
        if (claim(second, i, now)) {
            requests.set(i, 0);
            errors.set(i, 0);
            rejected.set(i, 0);
        }
        requests.incrementAndGet(i);
        if (status >= 500) {
            errors.incrementAndGet(i);
        }
        if (rejectedFor != null) {
            rejected.incrementAndGet(i);
            rejections.computeIfAbsent(rejectedFor, r -> new LongAdder()).increment();
        }
        long slot = now / LATENCY_SPAN;
        int s = (int) (slot % LATENCY_SLOTS);
        if (claim(latencySlot, s, slot)) {
            latency.set(s, new AtomicIntegerArray(LatencyBuckets.COUNT));
        }
        AtomicIntegerArray counts = latency.get(s);
        if (counts != null) { // null only while another loop is claiming the slot: that one count is lost
            counts.incrementAndGet(LatencyBuckets.index(nanos));
        }
    }

    /** Makes slot {@code i} hold {@code tag}; true when it held an older one, which the caller then resets. */
    private static boolean claim(AtomicLongArray tags, int i, long tag) {
        long held = tags.get(i);
        return held < tag && tags.compareAndSet(i, held, tag); // no lambda: this runs on every request
    }

    /** The second of the last recorded exchange (to forget windows of apps gone quiet). */
    long lastSecond() {
        return lastSecond;
    }

    /** What the window holds at {@code now}. */
    Recent read(long now) {
        int[] perSecond = new int[SECONDS];
        long total = 0;
        long err = 0;
        long rej = 0;
        long lastTen = 0;
        for (int k = 0; k < SECONDS; k++) {
            long sec = now - (SECONDS - 1) + k;
            int i = Math.floorMod(sec, SECONDS);
            if (sec < 0 || second.get(i) != sec) {
                continue;
            }
            int n = requests.get(i);
            perSecond[k] = n;
            total += n;
            err += errors.get(i);
            rej += rejected.get(i);
            if (sec >= now - 10 && sec < now) {
                lastTen += n;
            }
        }
        long[] buckets = new long[LatencyBuckets.COUNT];
        long observed = 0;
        long current = now / LATENCY_SPAN;
        for (int s = 0; s < LATENCY_SLOTS; s++) {
            long tag = latencySlot.get(s);
            AtomicIntegerArray counts = latency.get(s);
            if (tag < 0 || tag > current || tag <= current - LATENCY_SLOTS || counts == null) {
                continue;
            }
            for (int b = 0; b < LatencyBuckets.COUNT; b++) {
                int c = counts.get(b);
                buckets[b] += c;
                observed += c;
            }
        }
        Map<String, Long> byReason = new TreeMap<>();
        rejections.forEach((reason, n) -> byReason.put(reason, n.sum()));
        return new Recent(lastTen / 10.0, total, err, rej,
                LatencyBuckets.percentile(buckets, observed, 0.50),
                LatencyBuckets.percentile(buckets, observed, 0.99),
                byReason, perSecond);
    }
}
