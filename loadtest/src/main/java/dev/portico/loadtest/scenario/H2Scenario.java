package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.Certificates;
import dev.portico.loadtest.peer.H2load;
import dev.portico.loadtest.peer.Nginx;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.Ports;
import dev.portico.loadtest.peer.ProxyApp;
import dev.portico.loadtest.peer.Unsupported;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** HTTP/2 over TLS (ALPN h2), many streams per connection, through Portico and nginx: h2load req/s. */
@Command(name = "h2", description = "HTTP/2 multiplexed req/s (h2load): Portico vs nginx.")
public final class H2Scenario extends ScenarioCommand {

    @Option(names = {"-c", "--connections"}, defaultValue = "16", description = "h2load connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = {"-m", "--streams"}, defaultValue = "10", description = "concurrent streams per connection (default: ${DEFAULT-VALUE})")
    int streams;

    @Override
    String name() {
        return "h2";
    }

    @Override
    String title() {
        return "HTTP/2 multiplexed req/s";
    }

    @Override
    void measure() throws Exception {
        var jar = gatewayJar();
        Certificates certs = Certificates.make(workspace.resolve("pki"), workspace.resolve("certs"), "default",
                List.of(ThroughputScenario.HOST, "*." + ThroughputScenario.HOST));
        try (Backends apps = Backends.start(List.of(AppSpec.parse("http://127.0.0.1:0 workers=4096 service=fixed:0 "
                + "name=bench listen=4096")), workspace.resolve("apps"), 2);
             Portico portico = new Portico(workspace.resolve("portico"));
             Nginx nginx = new Nginx(workspace.resolve("nginx"))) {
            ProxyApp app = ProxyApp.unlimited("bench", ThroughputScenario.HOST, apps.uri("bench"));
            int httpsPort = Ports.free();
            portico.set("listen.https", "127.0.0.1:" + httpsPort).set("tls.certs", certs.cert().getParent().toString());
            portico.writeApp("bench", app.porticoKeys());
            portico.start(jar, gatewayJvm(), 60_000);
            portico.requireListener("listen.https", httpsPort, "HTTPS (listen.https with a tls.certs folder)");
            nginx.start(List.of(app), false, certs, true);
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("portico", httpsPort);
            ports.put("nginx", nginx.port());
            List<String> targets = new ArrayList<>(ports.keySet());
            for (String t : targets) {
                int secs = options.warmsUp() ? (int) Math.max(1, options.warmup().toSeconds() * (t.equals("portico") ? 2 : 1)) : 1;
                H2load.Result r = H2load.run(url(ports.get(t)), ThroughputScenario.HOST, connections, streams, secs);
                if (!r.protocol().equals("h2")) {
                    throw new Unsupported(t + " negotiated '" + r.protocol() + "' instead of h2 by ALPN: "
                            + (t.equals("portico") ? "this gateway build does not offer HTTP/2 yet" : "check nginx"));
                }
            }
            Map<String, List<H2load.Result>> runs = Rounds.alternate(targets, options.rounds(), (t, round) -> {
                H2load.Result r = H2load.run(url(ports.get(t)), ThroughputScenario.HOST, connections, streams,
                        options.seconds());
                log("  round %d %-8s %,10.0f req/s  succeeded %d failed %d  mean %.2f ms  max %.2f ms",
                        round, t, r.rps(), r.succeeded(), r.failed(), r.mean(), r.max());
                findings.run("target", t, "round", round, "tool", "h2load", "result", r);
                return r;
            });
            portico.close();
            List<List<String>> rows = new ArrayList<>();
            List<Double> bars = new ArrayList<>();
            double nginxRps = Rounds.median(runs.get("nginx"), H2load.Result::rps);
            for (String t : targets) {
                double rps = Rounds.median(runs.get(t), H2load.Result::rps);
                long failed = runs.get(t).stream().mapToLong(H2load.Result::failed).sum();
                rows.add(List.of(t, Cells.count(rps), Cells.ratio(rps / nginxRps),
                        Cells.ms(Rounds.median(runs.get(t), H2load.Result::mean)),
                        Cells.ms(Rounds.median(runs.get(t), H2load.Result::max)), Long.toString(failed)));
                bars.add((double) Math.round(rps));
            }
            findings.table("HTTP/2 over TLS (h2load, " + connections + " connections x " + streams + " streams, median of "
                    + options.rounds() + " alternating rounds of " + options.seconds() + " s)",
                    List.of("target", "req/s", "vs nginx", "mean ms", "max ms", "failed"), rows);
            findings.bars("rps", "HTTP/2: req/s", "req/s", targets, Map.of("req/s", bars));
            double ratio = Rounds.median(runs.get("portico"), H2load.Result::rps) / nginxRps;
            findings.goal("HTTP/2 req/s >= 1.0x nginx", Cells.ratio(ratio), ratio >= 1.0);
        }
    }

    private static String url(int port) {
        return "https://127.0.0.1:" + port + "/";
    }
}
