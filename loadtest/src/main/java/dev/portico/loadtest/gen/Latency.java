package dev.portico.loadtest.gen;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from an HdrHistogram of microseconds. */
public record Latency(long count, double mean, double p50, double p75, double p90, double p99, double p999,
                      double p9999, double max) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(h.getTotalCount(), ms(h.getMean()), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(75)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getValueAtPercentile(99.99)), ms(h.getMaxValue()));
    }

    private static double ms(double micros) {
        return Math.round(micros) / 1000.0;
    }
}
