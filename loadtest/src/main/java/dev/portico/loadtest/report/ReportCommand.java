package dev.portico.loadtest.report;

import dev.portico.loadtest.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report [FILES]}: regenerates {@code docs/BENCHMARKS.md} and its SVG charts from result files
 * (default: the newest result of each scenario in {@code loadtest/results/}). The files used are copied
 * to {@code docs/benchmarks/data/}, so that the page can be regenerated from what is committed; a
 * hand-written {@code docs/benchmarks/analysis.md}, when present, is appended.
 */
@Command(name = "report", description = "Regenerate docs/BENCHMARKS.md and its SVG charts from result JSON files.")
public final class ReportCommand implements Callable<Integer> {

    private static final List<String> ORDER = List.of("throughput", "tls", "h2", "neighbour", "reload", "scale", "egress");

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "result files (default: newest per scenario in loadtest/results)")
    List<Path> files;

    @Option(names = "--docs", defaultValue = "docs", description = "the docs folder (default: ${DEFAULT-VALUE})")
    Path docs;

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = files == null || files.isEmpty() ? newestPerScenario(Path.of("loadtest", "results")) : files;
        if (inputs.isEmpty()) {
            System.err.println("report: no result files (run a scenario first, or name the files)");
            return 2;
        }
        Path charts = docs.resolve("benchmarks");
        Path data = charts.resolve("data");
        Files.createDirectories(data);
        List<ScenarioResult> results = new ArrayList<>();
        Map<ScenarioResult, Path> sources = new LinkedHashMap<>();
        for (Path f : inputs) {
            ScenarioResult r = Json.read(f, ScenarioResult.class);
            results.add(r);
            sources.put(r, f);
        }
        results.sort(Comparator.comparingInt((ScenarioResult r) -> rank(r.scenario())).thenComparing(ScenarioResult::date));
        Map<ScenarioResult, List<String>> chartFiles = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            String stem = stem(r);
            Path copy = data.resolve(stem + ".json");
            if (!Files.isSameFile(sources.get(r).toAbsolutePath().getParent(), data.toAbsolutePath())
                    || !sources.get(r).getFileName().toString().equals(stem + ".json")) {
                Files.copy(sources.get(r), copy, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> names = new ArrayList<>();
            for (ScenarioResult.Chart c : r.charts()) {
                String name = stem + "-" + c.id() + ".svg";
                Files.writeString(charts.resolve(name), Charts.draw(c));
                names.add(name);
            }
            chartFiles.put(r, names);
        }
        Path analysis = charts.resolve("analysis.md");
        String md = new Markdown().render(results, chartFiles,
                "java -jar loadtest/target/loadtest.jar report " + docs + "/benchmarks/data/*.json",
                Files.exists(analysis) ? Files.readString(analysis) : null);
        Files.writeString(docs.resolve("BENCHMARKS.md"), md);
        System.err.println("report: wrote " + docs.resolve("BENCHMARKS.md") + " from " + results.size() + " results");
        return 0;
    }

    private static String stem(ScenarioResult r) {
        String label = r.label() == null ? "" : "-" + r.label().toLowerCase().replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        return r.scenario() + label;
    }

    private static int rank(String scenario) {
        int i = ORDER.indexOf(scenario);
        return i < 0 ? ORDER.size() : i;
    }

    static List<Path> newestPerScenario(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Map<String, Path> newest = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                newest.put(name.substring(0, name.indexOf('-') < 0 ? name.length() : name.indexOf('-')), p);
            });
        }
        return new ArrayList<>(newest.values());
    }
}
