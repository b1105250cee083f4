package dev.portico.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar portico.jar <command>}. */
@Command(name = "portico", mixinStandardHelpOptions = true, version = "Portico 0.1.0",
        description = "Gateway for hosted web apps: HTTPS edge, per-app limits, uwsgi, static files, egress proxy.",
        subcommands = {RunCommand.class, CheckCommand.class, DemoCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("run") && !args[0].equals("demo")) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
