package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.gen.FlowResult;
import dev.portico.loadtest.gen.Generator;
import dev.portico.loadtest.gen.Latency;
import dev.portico.loadtest.gen.Plan;
import dev.portico.loadtest.gen.Target;
import dev.portico.loadtest.gen.Workload;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.Certificates;
import dev.portico.loadtest.peer.Nginx;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.Ports;
import dev.portico.loadtest.peer.ProxyApp;
import dev.portico.loadtest.peer.Wrk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HTTPS through Portico and nginx, same certificate (a P-256 leaf signed by a throwaway CA), same
 * backend: keep-alive req/s (wrk), new connections per second with {@code Connection: close} (wrk, as
 * the acceptance check measures it), full handshakes per second without session resumption (the
 * generator, OpenSSL engine; offering X25519 alone, then its own groups, which start with the
 * post-quantum hybrid), and keep-alive latency at a fixed rate (open loop).
 */
@Command(name = "tls", description = "HTTPS keep-alive req/s and new-handshake rate: Portico vs nginx.")
public final class TlsScenario extends ScenarioCommand {

    /** The key exchange nginx on OpenSSL 3.0 and Portico share: no post-quantum hybrid. */
    private static final String CLASSIC = "X25519";

    @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rate", defaultValue = "2000", description = "open-loop rate for the latency run (default: ${DEFAULT-VALUE})")
    double rate;

    @Override
    String name() {
        return "tls";
    }

    @Override
    String title() {
        return "HTTPS: keep-alive req/s, handshakes/s, latency";
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
            nginx.start(List.of(app), false, certs, false);
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("portico", httpsPort);
            ports.put("nginx", nginx.port());
            List<String> targets = new ArrayList<>(ports.keySet());
            String host = ThroughputScenario.HOST;
            List<String> close = List.of("Connection: close");

            for (String t : options.warmsUp() ? targets : List.<String>of()) {
                int secs = (int) Math.max(1, options.warmup().toSeconds() * (t.equals("portico") ? 2 : 1));
                Wrk.run(url(ports.get(t)), host, connections, secs, List.of());
                Wrk.run(url(ports.get(t)), host, connections, Math.max(1, secs / 2), close);
            }
            Map<String, List<double[]>> runs;
            try (Generator g = new Generator(1, null)) {
                // The generator's own handshake code compiles while it runs: without this, the first
                // target measured in the first round met a client still being compiled.
                for (String t : options.warmsUp() ? targets : List.<String>of()) {
                    for (String groups : Arrays.asList(CLASSIC, null)) {
                        handshakes(g, "warm-up " + t, fullHandshakes(ports.get(t), host, certs, groups),
                                options.warmup());
                    }
                }
                runs = Rounds.alternate(targets, options.rounds(), (t, round) -> {
                    Wrk.Result ka = Wrk.run(url(ports.get(t)), host, connections, options.seconds(), List.of());
                    Wrk.Result nc = Wrk.run(url(ports.get(t)), host, connections, options.seconds(), close);
                    FlowResult hs = handshakes(g, t, fullHandshakes(ports.get(t), host, certs, CLASSIC),
                            options.duration());
                    FlowResult hsDefault = handshakes(g, t, fullHandshakes(ports.get(t), host, certs, null),
                            options.duration());
                    log("  round %d %-8s keep-alive %,9.0f req/s | Connection: close %,7.0f req/s | full handshakes "
                            + "%,7.0f/s (%s), client's own groups %,7.0f/s (%s)", round, t, ka.rps(), nc.rps(), hs.rps(),
                            hs.statusText(), hsDefault.rps(), hsDefault.statusText());
                    findings.run("target", t, "round", round, "keepAlive", ka, "connectionClose", nc, "fullHandshakes", hs,
                            "fullHandshakesClientGroups", hsDefault);
                    return new double[] {ka.rps(), nc.rps(), hs.rps(), ka.p99(), ka.non2xx() + ka.socketErrors()
                            + nc.non2xx() + hs.failures() + hsDefault.failures(), hsDefault.rps()};
                });
            }
            Map<String, Latency> open = new LinkedHashMap<>();
            try (Generator g = new Generator(1, System.err)) {
                for (String t : options.warmsUp() ? targets : List.<String>of()) { // the generator warms up too
                    Target ka = Target.http(ports.get(t), host, "/").withTls(new Target.Tls(certs.ca(), "openssl", true));
                    g.run(List.of(new Workload("warm-up " + t, ka, Plan.open(rate, connections,
                            Duration.ofSeconds(5)))));
                }
                for (String t : targets) {
                    Target ka = Target.http(ports.get(t), host, "/").withTls(new Target.Tls(certs.ca(), "openssl", true));
                    FlowResult r = g.run(List.of(new Workload(t, ka, Plan.open(rate, connections, options.duration()))))
                            .get(0);
                    findings.run("target", t, "phase", "open-loop", "rate", rate, "result", r);
                    open.put(t, r.latency());
                }
            }
            portico.close();
            summarise(targets, runs, open);
        }
    }

    private void summarise(List<String> targets, Map<String, List<double[]>> runs, Map<String, Latency> open) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        String[] measures = {"keep-alive req/s", "Connection: close req/s (wrk)", "full handshakes/s (X25519)"};
        for (String m : measures) {
            bars.put(m, new ArrayList<>());
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String t : targets) {
            List<double[]> r = runs.get(t);
            double ka = Rounds.median(r, x -> x[0]);
            double nc = Rounds.median(r, x -> x[1]);
            double hs = Rounds.median(r, x -> x[2]);
            double hsDefault = Rounds.median(r, x -> x[5]);
            Latency l = open.get(t);
            rows.add(List.of(t, Cells.count(ka), Cells.count(nc), Cells.count(hs), Cells.count(hsDefault),
                    Cells.ms(Rounds.median(r, x -> x[3])),
                    Cells.ms(l.p50()), Cells.ms(l.p99()), Cells.count(r.stream().mapToDouble(x -> x[4]).sum())));
            bars.get(measures[0]).add((double) Math.round(ka));
            bars.get(measures[1]).add((double) Math.round(nc));
            bars.get(measures[2]).add((double) Math.round(hs));
            curves.put(t, List.of(l.p50(), l.p75(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max()));
        }
        findings.table("HTTPS (median of " + options.rounds() + " alternating rounds of " + options.seconds()
                        + " s; wrk with " + connections + " connections; full handshakes: 16 concurrent new connections"
                        + " without session resumption, offering X25519 alone, then the client's own groups; latency: open"
                        + " loop at " + Cells.count(rate) + " req/s)",
                List.of("target", "keep-alive req/s", "Connection: close req/s", "full handshakes/s (X25519)",
                        "full handshakes/s (client's groups)", "wrk p99 ms",
                        "open p50 ms", "open p99 ms", "errors"), rows);
        findings.bars("rates", "HTTPS: keep-alive req/s and new connections per second", "per second", targets, bars);
        findings.percentiles("latency", "HTTPS keep-alive latency at " + Cells.count(rate) + " req/s (open loop)", curves);
        double kaR = Rounds.median(runs.get("portico"), x -> x[0]) / Rounds.median(runs.get("nginx"), x -> x[0]);
        double ncR = Rounds.median(runs.get("portico"), x -> x[1]) / Rounds.median(runs.get("nginx"), x -> x[1]);
        double hsR = Rounds.median(runs.get("portico"), x -> x[2]) / Rounds.median(runs.get("nginx"), x -> x[2]);
        findings.goal("HTTPS keep-alive req/s >= 1.0x nginx", Cells.ratio(kaR), kaR >= 1.0);
        findings.goal("new connections/s (wrk, Connection: close) >= 1.0x nginx", Cells.ratio(ncR), ncR >= 1.0);
        findings.goal("full handshakes/s (X25519) >= 1.0x nginx", Cells.ratio(hsR), hsR >= 1.0);
        findings.note("Certificate: ECDSA P-256 leaf for bench.test signed by a throwaway CA, served by both as the "
                + "default certificate; nginx: ssl_protocols TLSv1.2 TLSv1.3, ssl_session_cache shared:S:10m.");
        findings.note("Full handshakes: the generator's BoringSSL client offering X25519 alone, the key exchange both "
                + "servers then use (the goal's measure); with the client's own groups, X25519MLKEM768 (the "
                + "post-quantum hybrid) comes first, which Portico's BoringSSL accepts and nginx on OpenSSL 3.0 does "
                + "not, so there Portico does more work per handshake than nginx.");
    }

    /** Full handshakes against {@code target}, 16 new connections at a time, for {@code time}. */
    private static FlowResult handshakes(Generator g, String name, Target target, Duration time)
            throws InterruptedException {
        return g.run(List.of(new Workload(name, target, Plan.closed(16, time).newConnections()))).get(0);
    }

    /**
     * A new connection and a full handshake (no session resumption, OpenSSL engine) per request,
     * offering {@code groups} (null: the engine's own list).
     */
    private static Target fullHandshakes(int port, String host, Certificates certs, String groups) {
        return Target.http(port, host, "/").withTls(new Target.Tls(certs.ca(), "openssl", false, groups));
    }

    private static String url(int port) {
        return "https://127.0.0.1:" + port + "/";
    }
}
