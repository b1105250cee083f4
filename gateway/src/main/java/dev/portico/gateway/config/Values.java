package dev.portico.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsers for the value syntaxes the config folder uses: durations, sizes, lists. */
public final class Values {

    private Values() {
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}; zero is {@code 0}. */
    public static Duration duration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i == s.length()) {
            throw new IllegalArgumentException("'" + text + "' (expected a duration such as 250ms, 5s, 2m, 1h or 7d)");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (expected a duration such as 250ms, 5s, 2m, 1h or 7d)");
        }
        return switch (s.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("'" + text
                    + "' (expected a duration such as 250ms, 5s, 2m, 1h or 7d)");
        };
    }

    /** {@code 1024}, {@code 512k}, {@code 10m}, {@code 1g} (powers of 1024); a trailing {@code b} is allowed. */
    public static long size(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) {
            s = s.substring(0, s.length() - 1);
        }
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> unit = 1024L;
                case 'm' -> unit = 1024L * 1024;
                case 'g' -> unit = 1024L * 1024 * 1024;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' (expected a size such as 512k, 10m or 1g)");
        }
    }

    /** Splits a comma-separated list, trimming items and dropping empty ones. */
    public static List<String> list(String text) {
        List<String> out = new ArrayList<>(4);
        int from = 0;
        while (from <= text.length()) {
            int comma = text.indexOf(',', from);
            int to = comma < 0 ? text.length() : comma;
            String t = text.substring(from, to).trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
            from = to + 1;
        }
        return out;
    }

    /** Formats a duration the way the config folder writes it (for the admin API and persisted edits). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
