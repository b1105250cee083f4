package dev.portico.loadtest.report;

import java.util.List;
import java.util.Map;

/** Writes BENCHMARKS.md from result files: the machine, the goals at a glance, a section per result. */
final class Markdown {

    private final StringBuilder md = new StringBuilder();

    String render(List<ScenarioResult> results, Map<ScenarioResult, List<String>> chartFiles, String regenerate,
                  String analysis) {
        md.append("# Benchmarks\n\n");
        md.append("Portico against nginx and HAProxy, measured on one machine. Every figure below comes from the "
                + "result files in [`benchmarks/data/`](benchmarks/data/); this page is generated from them with:\n\n");
        md.append("```\n").append(regenerate).append("\n```\n\n");
        md.append("Each scenario is one command (see the README's Benchmarks section). Targets are measured in "
                + "alternating rounds within one invocation, so that drift on the machine falls on all of them alike; "
                + "ratios between targets are the figures to read, absolute numbers depend on the machine.\n\n");
        machine(results);
        goals(results);
        for (ScenarioResult r : results) {
            section(r, chartFiles.getOrDefault(r, List.of()));
        }
        if (analysis != null && !analysis.isBlank()) {
            md.append(analysis.strip()).append('\n');
        }
        return md.toString();
    }

    private void machine(List<ScenarioResult> results) {
        if (results.isEmpty()) {
            return;
        }
        Machine m = results.get(0).machine();
        md.append("## The machine\n\n| | |\n|---|---|\n");
        row("CPU", m.cpu() + ", " + m.cores() + " cores");
        row("memory", String.format("%,d MiB", m.memoryMib()));
        row("kernel", m.kernel());
        row("JVM", m.java());
        m.tools().forEach(this::row);
        md.append("\nThe cores were shared with other work while these ran (several builds at once); the load average "
                + "before and after each scenario is printed with it. On a 2-core machine the load generator, the proxy "
                + "and the simulated app also share the cores, which holds back every proxy alike.\n\n");
    }

    private void goals(List<ScenarioResult> results) {
        md.append("## Goals at a glance\n\n| scenario | goal | measured | met |\n|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            String name = r.scenario() + (r.label() == null ? "" : " (" + r.label() + ")");
            if (!r.status().equals(ScenarioResult.OK)) {
                md.append("| ").append(name).append(" | (not measured) | ").append(cell(r.status() + ": "
                        + r.message())).append(" | - |\n");
                continue;
            }
            for (ScenarioResult.Goal g : r.goals()) {
                md.append("| ").append(name).append(" | ").append(cell(g.goal())).append(" | ").append(cell(g.measured()))
                        .append(" | ").append(g.met() ? "yes" : "**no**").append(" |\n");
            }
        }
        md.append('\n');
    }

    private void section(ScenarioResult r, List<String> charts) {
        md.append("## ").append(r.title()).append(" (`").append(r.scenario()).append("`")
                .append(r.label() == null ? "" : ", " + r.label()).append(")\n\n");
        md.append("```\n").append(r.command()).append("\n```\n\n");
        md.append(String.format("%s, %.0f s; load average before %s, after %s.%n%n", r.date().substring(0, 16)
                .replace('T', ' ') + " UTC", r.seconds(), r.machine().loadBefore(), r.machine().loadAfter()));
        if (!r.status().equals(ScenarioResult.OK)) {
            md.append("**Not measured (").append(r.status()).append("):** ").append(r.message()).append("\n\n");
        }
        for (ScenarioResult.Table t : r.tables()) {
            md.append("**").append(t.title()).append("**\n\n| ").append(String.join(" | ", t.columns())).append(" |\n|");
            t.columns().forEach(c -> md.append("---|"));
            md.append('\n');
            for (List<String> row : t.rows()) {
                md.append("| ").append(String.join(" | ", row.stream().map(Markdown::cell).toList())).append(" |\n");
            }
            md.append('\n');
        }
        for (String c : charts) {
            md.append("![").append(c).append("](benchmarks/").append(c).append(")\n\n");
        }
        for (String n : r.notes()) {
            md.append("- ").append(n).append('\n');
        }
        if (!r.notes().isEmpty()) {
            md.append('\n');
        }
    }

    private void row(String k, String v) {
        md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
