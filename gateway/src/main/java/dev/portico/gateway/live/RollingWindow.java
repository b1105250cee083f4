package dev.portico.gateway.live;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One app's last minute: per second, how many requests ended, how many with a 5xx, how many the
 * gateway refused; per ten seconds, a latency histogram. Written from every event loop without locks,
 * each thread into a stripe of its own, so that two loops finishing requests of one app do not take
 * turns at the same cache lines; a read adds the stripes up. Within a stripe a slot is reused once its
 * second has passed: the first writer to notice resets it, and a count that races that reset may be
 * lost, which a live view can afford.
 */
final class RollingWindow {

    static final int SECONDS = 60;
    private static final int LATENCY_SLOTS = 7; // six full ten-second slots and the current one
    private static final int LATENCY_SPAN = 10;
    /** Stripes per window, a power of two; threads past this many share them. */
    static final int STRIPES = 8;
    private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();
    private static final FastThreadLocal<Integer> STRIPE = new FastThreadLocal<>() {
        @Override
        protected Integer initialValue() {
            return NEXT_STRIPE.getAndIncrement() & (STRIPES - 1);
        }
    };

    /** Made on a thread's first record: an app served by one event loop holds one stripe. */
    private final AtomicReferenceArray<Stripe> stripes = new AtomicReferenceArray<>(STRIPES);
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>(4);
    private volatile long lastSecond;

    /** One thread's counts (or a few threads', past {@link #STRIPES}). */
    private static final class Stripe {
        final AtomicLongArray second = new AtomicLongArray(SECONDS);
        final AtomicIntegerArray requests = new AtomicIntegerArray(SECONDS);
        final AtomicIntegerArray errors = new AtomicIntegerArray(SECONDS);
        final AtomicIntegerArray rejected = new AtomicIntegerArray(SECONDS);
        final AtomicLongArray latencySlot = new AtomicLongArray(LATENCY_SLOTS);
        /** Each ten-second slot's histogram, made when the slot is first used: a short burst costs one or two. */
        final AtomicReferenceArray<AtomicIntegerArray> latency = new AtomicReferenceArray<>(LATENCY_SLOTS);

        Stripe() {
            for (int i = 0; i < SECONDS; i++) {
                second.set(i, -1);
            }
            for (int i = 0; i < LATENCY_SLOTS; i++) {
                latencySlot.set(i, -1);
            }
        }

        void record(long now, int status, long nanos, boolean refused) {
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
            if (refused) {
                rejected.incrementAndGet(i);
            }
            long slot = now / LATENCY_SPAN;
            int s = (int) (slot % LATENCY_SLOTS);
            if (claim(latencySlot, s, slot)) {
                latency.set(s, new AtomicIntegerArray(LatencyBuckets.COUNT));
            }
            AtomicIntegerArray counts = latency.get(s);
            if (counts != null) { // null only while another thread is claiming the slot: that count is lost
                counts.incrementAndGet(LatencyBuckets.index(nanos));
            }
        }
    }

    /** One finished exchange, at {@code now} (seconds on the window's clock). */
    void record(long now, int status, long nanos, String rejectedFor) {
        if (lastSecond != now) {
            lastSecond = now; // a shared write, once a second rather than on every request
        }
        int k = STRIPE.get();
        Stripe stripe = stripes.get(k);
        if (stripe == null) {
            stripes.compareAndSet(k, null, new Stripe());
            stripe = stripes.get(k);
        }
        stripe.record(now, status, nanos, rejectedFor != null);
        if (rejectedFor != null) {
            rejections.computeIfAbsent(rejectedFor, r -> new LongAdder()).increment();
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
        long[] buckets = new long[LatencyBuckets.COUNT];
        long observed = 0;
        long current = now / LATENCY_SPAN;
        for (int j = 0; j < STRIPES; j++) {
            Stripe stripe = stripes.get(j);
            if (stripe == null) {
                continue;
            }
            for (int k = 0; k < SECONDS; k++) {
                long sec = now - (SECONDS - 1) + k;
                int i = Math.floorMod(sec, SECONDS);
                if (sec < 0 || stripe.second.get(i) != sec) {
                    continue;
                }
                int n = stripe.requests.get(i);
                perSecond[k] += n;
                total += n;
                err += stripe.errors.get(i);
                rej += stripe.rejected.get(i);
                if (sec >= now - 10 && sec < now) {
                    lastTen += n;
                }
            }
            for (int s = 0; s < LATENCY_SLOTS; s++) {
                long tag = stripe.latencySlot.get(s);
                AtomicIntegerArray counts = stripe.latency.get(s);
                if (tag < 0 || tag > current || tag <= current - LATENCY_SLOTS || counts == null) {
                    continue;
                }
                for (int b = 0; b < LatencyBuckets.COUNT; b++) {
                    int c = counts.get(b);
                    buckets[b] += c;
                    observed += c;
                }
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
