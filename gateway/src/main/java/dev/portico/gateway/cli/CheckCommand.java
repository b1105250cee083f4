package dev.portico.gateway.cli;

import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigProblem;
import dev.portico.gateway.config.ConfigSnapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Validates a config folder: exit 0, or exit 1 with one {@code file:key: problem} line per error. */
@Command(name = "check", description = "Validate a config folder without starting anything.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "the config folder (gateway.properties, apps/)")
    Path config;

    @Override
    public Integer call() {
        try {
            ConfigSnapshot s = new ConfigFolder(config).load();
            System.out.println(config + ": ok, " + s.apps().size() + " apps");
            return 0;
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.out.println(p);
            }
            return 1;
        }
    }
}
