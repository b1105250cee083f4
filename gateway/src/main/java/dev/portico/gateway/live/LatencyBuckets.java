package dev.portico.gateway.live;

/**
 * Log-scale latency buckets: four per doubling (at most 19% wide) from 64 µs to about 70 s, the last
 * one open-ended. Small enough to keep one set per ten seconds per app; exact enough for a p99.
 */
final class LatencyBuckets {

    static final int COUNT = 84;
    private static final int SHIFT = 16; // units of 65.5 µs

    private LatencyBuckets() {
    }

    static int index(long nanos) {
        long v = Math.max(1, nanos >> SHIFT);
        int octave = 63 - Long.numberOfLeadingZeros(v);
        int sub = octave >= 2 ? (int) (v >> (octave - 2)) & 3 : (octave == 1 ? (int) (v & 1) * 2 : 0);
        return Math.min(COUNT - 1, octave * 4 + sub);
    }

    /** A representative value for bucket {@code i}, in milliseconds: the middle of its range. */
    static double millis(int i) {
        int octave = i / 4;
        int sub = i % 4;
        double low = octave >= 2 ? (4 + sub) * Math.pow(2, octave - 2) : octave == 1 ? 2 + sub / 2 : 1;
        double high = octave >= 2 ? low + Math.pow(2, octave - 2) : low + 1;
        return (low + high) / 2 * (1L << SHIFT) / 1e6;
    }

    /** The value below which {@code fraction} of the counts lie, in milliseconds; 0 without counts. */
    static double percentile(long[] counts, long total, double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return millis(i);
            }
        }
        return millis(counts.length - 1);
    }
}
