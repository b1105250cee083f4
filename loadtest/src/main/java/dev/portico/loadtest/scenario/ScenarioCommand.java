package dev.portico.loadtest.scenario;

import dev.portico.loadtest.Json;
import dev.portico.loadtest.Main;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.Programs;
import dev.portico.loadtest.peer.Unsupported;
import dev.portico.loadtest.report.Machine;
import dev.portico.loadtest.report.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;

/**
 * What every scenario command shares: a temporary folder, the machine's description, the outcome
 * (measured, gateway lacks the feature, a peer program is missing, failed) saved as JSON whatever
 * happens, and an exit status: 0 measured, 3 unsupported, 4 missing program, 1 failed.
 */
public abstract class ScenarioCommand implements Callable<Integer> {

    @Mixin
    Options options;

    /** Set by {@link #call} for the scenario's use. */
    Path workspace;
    Findings findings;
    /** Where the JSON result was written (for tests and the caller). */
    Path resultFile;
    ScenarioResult result;

    abstract String name();

    abstract String title();

    /** Measures; throws {@link Unsupported} when the gateway lacks the feature. */
    abstract void measure() throws Exception;

    @Override
    public Integer call() throws Exception {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Machine machine = Machine.describe();
        workspace = Files.createTempDirectory("portico-" + name() + "-");
        findings = new Findings();
        long t0 = System.nanoTime();
        String status = ScenarioResult.OK;
        String message = null;
        int code = 0;
        try {
            log("%s: %s (workspace %s)", name(), title(), workspace);
            measure();
        } catch (Unsupported e) {
            status = ScenarioResult.UNSUPPORTED;
            message = e.getMessage();
            code = 3;
        } catch (Programs.MissingProgramException e) {
            status = ScenarioResult.MISSING;
            message = e.getMessage();
            code = 4;
        } catch (Exception e) {
            status = ScenarioResult.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
            code = 1;
            e.printStackTrace();
        } finally {
            if (!options.keep) {
                deleteTree(workspace);
            }
        }
        double seconds = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
        result = new ScenarioResult(name(), title(), options.label, status, message, date, Main.commandLine(), seconds,
                machine.finished(), findings.notes, findings.tables, findings.charts, findings.goals, findings.runs);
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        resultFile = options.outDir().resolve(name() + "-" + stamp + ".json");
        Json.write(resultFile, result);
        if (message != null) {
            log("%s: %s: %s", name(), status, message);
        }
        for (ScenarioResult.Goal g : findings.goals) {
            log("  %s %s: %s", g.met() ? "met    " : "NOT MET", g.goal(), g.measured());
        }
        log("%s: result in %s", name(), resultFile);
        return code;
    }

    /** The gateway's jar, or a clear failure when it has not been built. */
    Path gatewayJar() throws IOException {
        Path jar = Portico.findJar(options.gatewayJar);
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IOException("gateway/target/portico.jar not found: build it first (mvn -B -q package "
                    + "-DskipTests) or pass --gateway-jar");
        }
        return jar;
    }

    /** The gateway's JVM options, with a JFR recording into the workspace when --jfr is set. */
    List<String> gatewayJvm() {
        List<String> opts = new ArrayList<>(options.gatewayJvm());
        if (options.jfr) {
            opts.add("-XX:StartFlightRecording=filename=" + jfrFile() + ",settings=profile,dumponexit=true");
        }
        return opts;
    }

    Path jfrFile() {
        return workspace.resolve("portico.jfr");
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(format, args));
        System.err.flush();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder stays behind
        }
    }
}
