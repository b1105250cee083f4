package dev.portico.loadtest.gen;

import dev.portico.loadtest.Durations;
import java.time.Duration;

/**
 * How to send: {@link Mode#OPEN} at {@code rate} requests per second whatever the server does, or
 * {@link Mode#CLOSED} (each connection sends its next request when the previous answer arrived);
 * {@code connections} at most; keep-alive or a new connection per request; for how long; and how long a
 * request may take before it counts as a timeout.
 */
public record Plan(Mode mode, double rate, int connections, boolean keepAlive, Duration duration, Duration timeout) {

    /** Open loop (fixed arrival rate) or closed loop (peak throughput). */
    public enum Mode { OPEN, CLOSED }

    public Plan {
        if (mode == Mode.OPEN && !(rate > 0)) {
            throw new IllegalArgumentException("rate " + rate + " (expected > 0 for an open-loop run)");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections " + connections + " (expected >= 1)");
        }
        if (duration.isNegative() || duration.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("duration and timeout must be > 0");
        }
    }

    public static Plan open(double rate, int connections, Duration duration) {
        return new Plan(Mode.OPEN, rate, connections, true, duration, Duration.ofSeconds(10));
    }

    public static Plan closed(int connections, Duration duration) {
        return new Plan(Mode.CLOSED, 0, connections, true, duration, Duration.ofSeconds(10));
    }

    public Plan newConnections() {
        return new Plan(mode, rate, connections, false, duration, timeout);
    }

    public Plan withTimeout(Duration t) {
        return new Plan(mode, rate, connections, keepAlive, duration, t);
    }

    public Plan withDuration(Duration d) {
        return new Plan(mode, rate, connections, keepAlive, d, timeout);
    }

    public String describe() {
        String how = mode == Mode.OPEN ? "open loop at " + Math.round(rate) + " req/s" : "closed loop";
        return how + ", " + connections + (keepAlive ? " keep-alive connections" : " concurrent new connections")
                + ", " + Durations.format(duration);
    }
}
