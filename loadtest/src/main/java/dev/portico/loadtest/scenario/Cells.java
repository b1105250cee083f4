package dev.portico.loadtest.scenario;

import java.util.Locale;

/** How numbers read in table cells: {@code 12,345} req/s, {@code 0.41} ms, {@code 1.03x}. */
final class Cells {

    private Cells() {
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ms(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2fx", v) : "n/a";
    }

    static String mb(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
