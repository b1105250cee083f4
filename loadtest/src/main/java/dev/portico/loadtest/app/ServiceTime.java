package dev.portico.loadtest.app;

import dev.portico.loadtest.Durations;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a worker spends on one request: {@code fixed:20ms}, {@code exp:50ms} (exponential with that
 * mean), {@code bimodal:10ms,5s,0.01} (usually 10 ms; 1% of requests take 5 s, the app that "sometimes
 * hangs").
 */
public sealed interface ServiceTime permits ServiceTime.Fixed, ServiceTime.Exponential, ServiceTime.Bimodal {

    /** One request's service time, in nanoseconds. */
    long nextNanos(RandomGenerator random);

    /** Always the same time. */
    record Fixed(Duration time) implements ServiceTime {
        public Fixed {
            requireNotNegative(time, "fixed");
        }

        @Override
        public long nextNanos(RandomGenerator random) {
            return time.toNanos();
        }

        @Override
        public String toString() {
            return "fixed:" + Durations.format(time);
        }
    }

    /** Exponentially distributed around {@code mean}: many short requests, a long tail. */
    record Exponential(Duration mean) implements ServiceTime {
        public Exponential {
            requireNotNegative(mean, "exp");
        }

        @Override
        public long nextNanos(RandomGenerator random) {
            // Inverse transform: -mean * ln(U) with U uniform in (0, 1]; 1 - nextDouble() is never 0.
            return Math.round(-mean.toNanos() * Math.log(1.0 - random.nextDouble()));
        }

        @Override
        public String toString() {
            return "exp:" + Durations.format(mean);
        }
    }

    /** {@code usual} most of the time, {@code slow} for a {@code slowFraction} of requests. */
    record Bimodal(Duration usual, Duration slow, double slowFraction) implements ServiceTime {
        public Bimodal {
            requireNotNegative(usual, "bimodal");
            requireNotNegative(slow, "bimodal");
            if (!(slowFraction >= 0 && slowFraction <= 1)) {
                throw new IllegalArgumentException("bimodal: fraction " + slowFraction + " (expected 0..1)");
            }
        }

        @Override
        public long nextNanos(RandomGenerator random) {
            return random.nextDouble() < slowFraction ? slow.toNanos() : usual.toNanos();
        }

        @Override
        public String toString() {
            return "bimodal:" + Durations.format(usual) + "," + Durations.format(slow) + "," + slowFraction;
        }
    }

    /** Parses {@code fixed:20ms}, {@code exp:50ms} or {@code bimodal:10ms,5s,0.01}. */
    static ServiceTime parse(String text) {
        String s = text.trim();
        int colon = s.indexOf(':');
        String kind = colon < 0 ? "" : s.substring(0, colon);
        String args = colon < 0 ? "" : s.substring(colon + 1);
        try {
            return switch (kind) {
                case "fixed" -> new Fixed(Durations.parse(args));
                case "exp" -> new Exponential(Durations.parse(args));
                case "bimodal" -> {
                    String[] p = args.split(",");
                    if (p.length != 3) {
                        throw new IllegalArgumentException("needs three values");
                    }
                    yield new Bimodal(Durations.parse(p[0]), Durations.parse(p[1]), Double.parseDouble(p[2].trim()));
                }
                default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service '" + text + "': " + e.getMessage()
                    + " (expected fixed:20ms, exp:50ms or bimodal:10ms,5s,0.01)");
        }
    }

    private static void requireNotNegative(Duration d, String kind) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(kind + ": " + d + " (expected a duration >= 0)");
        }
    }
}
