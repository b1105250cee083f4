package dev.portico.loadtest.gen;

/**
 * The open-loop schedule: request {@code i} is due at {@code start + i / rate}, whether or not earlier
 * answers came back. Latency is measured from that intended time, not from when the request could be
 * written, so a server that stalls is charged for every request it kept waiting (coordinated omission
 * corrected). The time of request i is computed from i, never accumulated, so it does not drift.
 */
public final class Pacer {

    private final long startNanos;
    private final double intervalNanos;
    private long next;

    public Pacer(long startNanos, double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate " + ratePerSecond + " (expected > 0)");
        }
        this.startNanos = startNanos;
        this.intervalNanos = 1e9 / ratePerSecond;
    }

    /** When request {@code i} (0-based) is due. */
    public long intendedTime(long i) {
        return startNanos + (long) (i * intervalNanos);
    }

    /** When the next request not yet taken is due. */
    public long nextTime() {
        return intendedTime(next);
    }

    /** Takes the next request: returns its intended time. */
    public long take() {
        return intendedTime(next++);
    }

    /** How many requests are due at {@code now} and not taken yet. */
    public long due(long now) {
        if (now < nextTime()) {
            return 0;
        }
        long last = (long) Math.floor((now - startNanos) / intervalNanos);
        while (intendedTime(last + 1) <= now) {
            last++; // floating-point rounding at an exact boundary
        }
        while (last >= next && intendedTime(last) > now) {
            last--;
        }
        return last - next + 1;
    }

    /** Requests taken so far. */
    public long taken() {
        return next;
    }
}
