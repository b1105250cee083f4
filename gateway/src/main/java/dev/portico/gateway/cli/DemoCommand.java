package dev.portico.gateway.cli;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigProblem;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.edge.tls.DevCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./portico demo}: starts the demo apps listed in {@code demo-backends.txt} of the config folder
 * (simulated uWSGI-style apps from the load-test module, and real uWSGI when it is installed), then runs
 * the gateway on the folder and prints what to try.
 */
@Command(name = "demo", description = "Run the config folder with its simulated demo apps.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "routing-config", description = "the config folder (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--backends-jar", defaultValue = "loadtest/target/loadtest.jar",
            description = "the load-test jar that serves the simulated apps (default: ${DEFAULT-VALUE})")
    Path backendsJar;

    @Override
    public Integer call() throws Exception {
        DemoApps apps = new DemoApps(config, backendsJar);
        try {
            apps.start();
        } catch (IOException | IllegalStateException e) {
            apps.stop();
            System.err.println("portico demo: " + e.getMessage());
            return 1;
        }
        Gateway gateway;
        try {
            ensureDevCertificates();
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            apps.stop();
            System.err.println("portico demo: the config folder " + config + " does not validate:");
            for (ConfigProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return 1;
        } catch (IllegalStateException | IllegalArgumentException e) {
            apps.stop();
            System.err.println("portico demo: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(apps::stop, "portico-demo-apps"));
        printTryThis(gateway);
        RunCommand.runUntilStopped(gateway);
        return 0;
    }

    /**
     * With {@code listen.https}, a certificate folder that has no certificate yet gets a development CA
     * and a {@code default} certificate for the demo apps' domains, so that HTTPS works out of the box.
     */
    private void ensureDevCertificates() throws ConfigException, IOException {
        ConfigSnapshot snapshot = new ConfigFolder(config).load();
        GatewayConfig gc = snapshot.gateway();
        if (gc.listen().https().isEmpty() || gc.tlsCerts().isEmpty()) {
            return;
        }
        Set<String> domains = new LinkedHashSet<>();
        for (AppConfig app : snapshot.apps().values()) {
            domains.addAll(app.domains());
        }
        Path certs = gc.tlsCerts().get();
        if (DevCertificates.ensure(certs, List.copyOf(domains))) {
            System.out.println("Created development certificates in " + certs + " (trust "
                    + certs.resolve("dev-ca.crt") + " to verify them)");
        }
    }

    private static void printTryThis(Gateway gateway) {
        GatewayConfig gc = gateway.config().gateway();
        int http = gateway.port(Gateway.HTTP);
        StringBuilder b = new StringBuilder("\nPortico demo is running. Try:\n");
        for (AppConfig app : gateway.config().apps().values()) {
            String host = app.domains().stream().filter(d -> !d.startsWith("*.")).findFirst().orElse(null);
            if (host != null && http > 0) {
                b.append(String.format("  curl -H 'Host: %s' http://127.0.0.1:%d/%n", host, http));
            }
        }
        int https = gateway.port(Gateway.HTTPS);
        if (https > 0) {
            b.append(String.format("  curl --cacert certs/dev-ca.crt https://hello.portico.localhost:%d/   "
                    + "(HTTP/2 with --http2)%n", https));
        }
        int admin = gateway.port(Gateway.ADMIN);
        if (admin > 0) {
            b.append(String.format("  curl http://127.0.0.1:%d/metrics            dashboard: http://127.0.0.1:%d/%n",
                    admin, admin));
        }
        int egress = gateway.port(Gateway.EGRESS);
        if (egress > 0) {
            b.append(String.format("  curl -x http://demo-free:free-demo-token@127.0.0.1:%d http://example.com/   "
                    + "(egress proxy, allowlist in egress/)%n", egress));
        }
        b.append(gc.adminToken().isPresent() ? "" : "  (set PORTICO_ADMIN_TOKEN to use the admin API)\n");
        b.append("Stop with Ctrl-C.\n");
        System.out.println(b);
    }
}
