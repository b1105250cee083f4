package dev.portico.loadtest;

import dev.portico.loadtest.app.ServeCommand;
import dev.portico.loadtest.gen.LoadCommand;
import dev.portico.loadtest.relay.RelayCommand;
import dev.portico.loadtest.report.ReportCommand;
import dev.portico.loadtest.scenario.EgressScenario;
import dev.portico.loadtest.scenario.H2Scenario;
import dev.portico.loadtest.scenario.NeighbourScenario;
import dev.portico.loadtest.scenario.ReloadScenario;
import dev.portico.loadtest.scenario.ScaleScenario;
import dev.portico.loadtest.scenario.ThroughputScenario;
import dev.portico.loadtest.scenario.TlsScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar loadtest.jar <command>}: simulated apps, the load generator, the scenarios, the report. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, version = "Portico loadtest 0.1.0",
        description = "Simulated apps, a load generator and benchmark scenarios for Portico.",
        subcommands = {ServeCommand.class, LoadCommand.class, ThroughputScenario.class, TlsScenario.class,
                H2Scenario.class, NeighbourScenario.class, ReloadScenario.class, ScaleScenario.class,
                EgressScenario.class, ReportCommand.class, RelayCommand.class})
public final class Main implements Runnable {

    private static volatile String commandLine = "java -jar loadtest/target/loadtest.jar";

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command and returns its exit status (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        StringBuilder line = new StringBuilder("java -jar loadtest/target/loadtest.jar");
        for (String a : args) {
            line.append(' ').append(a.isEmpty() || a.matches(".*[\\s\"'$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        commandLine = line.toString();
        return new CommandLine(new Main()).execute(args);
    }

    /** How this process was started, for the result files. */
    public static String commandLine() {
        return commandLine;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
