package dev.portico.gateway.cli;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.Signals;
import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.config.ConfigProblem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the gateway on a config folder until SIGTERM/SIGINT, then drains; SIGHUP reloads the folder. */
@Command(name = "run", description = "Run the gateway on a config folder.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "routing-config",
            description = "the config folder (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        // Installed before the gateway starts: until then the JVM's default for SIGHUP is to exit.
        AtomicReference<Gateway> running = new AtomicReference<>();
        Signals.onHangup(() -> {
            Gateway g = running.get();
            if (g != null) {
                g.reloader().reload("SIGHUP");
            }
        });
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            System.err.println("portico: the config folder " + config + " does not validate:");
            for (ConfigProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return 1;
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("portico: " + e.getMessage());
            return 1;
        }
        running.set(gateway);
        runUntilStopped(gateway);
        return 0;
    }

    /** Blocks until the JVM is asked to stop; the shutdown hook drains the gateway first. */
    static void runUntilStopped(Gateway gateway) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "portico-shutdown"));
        stopped.await();
    }
}
