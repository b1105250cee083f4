package dev.portico.loadtest;

import java.time.Duration;
import java.util.Locale;

/** Durations as written on command lines and in spec files: {@code 250us}, {@code 20ms}, {@code 1.5s}, {@code 2m}. */
public final class Durations {

    private Durations() {
    }

    /** Parses a number with a unit ({@code us}, {@code ms}, {@code s}, {@code m}); a bare {@code 0} is zero. */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int unitAt = 0;
        while (unitAt < s.length() && (Character.isDigit(s.charAt(unitAt)) || s.charAt(unitAt) == '.')) {
            unitAt++;
        }
        String unit = s.substring(unitAt);
        double nanosPerUnit = switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> throw new IllegalArgumentException("'" + text + "' (expected a duration such as 250us, 20ms, "
                    + "1.5s or 2m)");
        };
        double value;
        try {
            value = Double.parseDouble(s.substring(0, unitAt));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (expected a number before the unit, such as 20ms)");
        }
        return Duration.ofNanos(Math.round(value * nanosPerUnit));
    }

    /** The shortest exact text for {@code d}: {@code 20ms}, {@code 5s}, {@code 1500us}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0ms";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
