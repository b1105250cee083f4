package dev.portico.loadtest;

import dev.portico.loadtest.app.ServeCommand;
import dev.portico.loadtest.gen.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar loadtest.jar <command>}: simulated apps, the load generator, the scenarios, the report. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, version = "Portico loadtest 0.1.0",
        description = "Simulated apps, a load generator and benchmark scenarios for Portico.",
        subcommands = {ServeCommand.class, LoadCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
