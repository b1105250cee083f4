package dev.portico.loadtest.scenario;

import dev.portico.loadtest.report.ScenarioResult.Chart;
import dev.portico.loadtest.report.ScenarioResult.Goal;
import dev.portico.loadtest.report.ScenarioResult.Series;
import dev.portico.loadtest.report.ScenarioResult.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a scenario found while it ran: notes, tables, charts, goals, and every raw run. */
public final class Findings {

    final List<String> notes = new ArrayList<>();
    final List<Table> tables = new ArrayList<>();
    final List<Chart> charts = new ArrayList<>();
    final List<Goal> goals = new ArrayList<>();
    final List<Map<String, Object>> runs = new ArrayList<>();

    public void note(String text) {
        notes.add(text);
    }

    public void table(String title, List<String> columns, List<List<String>> rows) {
        tables.add(new Table(title, columns, rows));
    }

    public void bars(String id, String title, String unit, List<String> categories, Map<String, List<Double>> series) {
        charts.add(new Chart(id, "bars", title, unit, categories, toSeries(series)));
    }

    public void percentiles(String id, String title, Map<String, List<Double>> series) {
        charts.add(new Chart(id, "percentiles", title, "ms", PERCENTILES, toSeries(series)));
    }

    /** The categories of a percentile chart, in the order {@link dev.portico.loadtest.gen.Latency} gives them. */
    public static final List<String> PERCENTILES = List.of("p50", "p75", "p90", "p99", "p99.9", "p99.99", "max");

    public void goal(String goal, String measured, boolean met) {
        goals.add(new Goal(goal, measured, met));
    }

    /** Records a raw measurement: {@code fields} in order (target, round, tool, rps, ...). */
    public void run(Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        runs.add(m);
    }

    private static List<Series> toSeries(Map<String, List<Double>> series) {
        List<Series> out = new ArrayList<>();
        series.forEach((k, v) -> out.add(new Series(k, v)));
        return out;
    }
}
