package dev.portico.loadtest.report;

import java.util.List;
import java.util.Map;

/**
 * One scenario run as saved to JSON ({@code label} tells runs of one scenario apart): what ran ({@code command}, {@code date}, {@code machine}), how it
 * ended ({@code status}: {@code ok}, {@code unsupported} (the gateway lacks the feature), {@code missing}
 * (a peer program is not installed) or {@code failed}, with {@code message}), and what it measured.
 */
public record ScenarioResult(String scenario, String title, String label, String status, String message, String date,
                             String command, double seconds, Machine machine, List<String> notes,
                             List<Table> tables, List<Chart> charts, List<Goal> goals,
                             List<Map<String, Object>> runs) {

    public static final String OK = "ok";
    public static final String UNSUPPORTED = "unsupported";
    public static final String MISSING = "missing";
    public static final String FAILED = "failed";

    /** A table of the report: a title, column names, rows of cells already formatted. */
    public record Table(String title, List<String> columns, List<List<String>> rows) {
    }

    /**
     * A chart: {@code bars} (one value per category, a series per measure) or {@code percentiles}
     * (categories are percentiles, a series per target), in {@code unit}.
     */
    public record Chart(String id, String kind, String title, String unit, List<String> categories,
                        List<Series> series) {
    }

    /** One line or set of bars of a chart. */
    public record Series(String name, List<Double> values) {
    }

    /** A goal of the issue, what was measured, and whether it was met. */
    public record Goal(String goal, String measured, boolean met) {
    }
}
