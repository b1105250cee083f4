package dev.portico.loadtest.scenario;

import dev.portico.loadtest.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every scenario takes. */
public final class Options {

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "each measured run (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", defaultValue = "8s", description = "warm-up per target before measuring (default: ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "alternating rounds over the targets (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--smoke", description = "about a second per run, one round, small sizes: proves the scenario works")
    boolean smoke;

    @Option(names = "--out", description = "folder for the JSON result (default: loadtest/results)")
    Path out;

    @Option(names = "--gateway-jar", description = "the gateway's shaded jar (default: gateway/target/portico.jar)")
    Path gatewayJar;

    @Option(names = "--gateway-jvm", defaultValue = "-Xmx512m",
            description = "JVM options of the gateway, space-separated (default: ${DEFAULT-VALUE})")
    String gatewayJvm;

    @Option(names = "--jfr", description = "record the gateway with JFR (profile settings) and summarise the profile")
    boolean jfr;

    @Option(names = "--label", description = "tells this run apart in the report (e.g. 'ParallelGC')")
    String label;

    @Option(names = "--keep", description = "keep the scenario's temporary folder (configs, logs)")
    boolean keep;

    Duration duration() {
        return smoke ? Duration.ofSeconds(1) : Durations.parse(duration);
    }

    Duration warmup() {
        return smoke ? Duration.ofMillis(500) : Durations.parse(warmup);
    }

    /** Whether to warm up before measuring (not in a smoke run, which only proves the scenario works). */
    boolean warmsUp() {
        return !smoke;
    }

    int rounds() {
        return smoke ? 1 : rounds;
    }

    int seconds() {
        return (int) Math.max(1, duration().toSeconds());
    }

    List<String> gatewayJvm() {
        return gatewayJvm.isBlank() ? List.of() : Arrays.asList(gatewayJvm.trim().split("\\s+"));
    }

    Path outDir() {
        if (out != null) {
            return out;
        }
        return Files.isDirectory(Path.of("loadtest")) ? Path.of("loadtest", "results") : Path.of("results");
    }
}
