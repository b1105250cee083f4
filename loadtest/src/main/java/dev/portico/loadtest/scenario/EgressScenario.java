package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.app.AppUri;
import dev.portico.loadtest.gen.FlowResult;
import dev.portico.loadtest.gen.Generator;
import dev.portico.loadtest.gen.Plan;
import dev.portico.loadtest.gen.Target;
import dev.portico.loadtest.gen.Workload;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.Haproxy;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.Ports;
import dev.portico.loadtest.peer.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The egress proxy's CONNECT tunnels against the same transfers made directly: bulk downloads (MB/s)
 * and small requests (req/s) over keep-alive connections opened through the tunnel by a paid-tier
 * account allowed to reach the test server. When HAProxy is installed, the same transfers through its
 * plain TCP relay (splice both ways) show what a relay in C costs on the same machine.
 */
@Command(name = "egress", description = "CONNECT tunnel throughput vs direct.")
public final class EgressScenario extends ScenarioCommand {

    static final String ACCOUNT = "bench";
    static final String SECRET = "bench-egress-secret";

    @Option(names = "--size", defaultValue = "1048576", description = "bytes per bulk response (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = {"-c", "--connections"}, defaultValue = "8", description = "connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Override
    String name() {
        return "egress";
    }

    @Override
    String title() {
        return "Egress: CONNECT tunnel throughput vs direct";
    }

    @Override
    void measure() throws Exception {
        var jar = gatewayJar();
        try (Backends apps = Backends.start(List.of(AppSpec.parse("http://127.0.0.1:0 workers=256 service=fixed:0 "
                + "name=far")), workspace.resolve("apps"), 2);
             Portico portico = new Portico(workspace.resolve("portico"));
             Haproxy relay = new Haproxy(workspace.resolve("haproxy"))) {
            AppUri far = apps.uri("far");
            int egressPort = Ports.free();
            portico.set("listen.egress", "127.0.0.1:" + egressPort);
            Path egress = portico.folder().resolve("egress");
            Files.createDirectories(egress);
            Files.writeString(egress.resolve("allowlist.txt"), "# the free tier's destinations (unused: the account is paid)\n");
            Files.writeString(egress.resolve("accounts.properties"), ACCOUNT + ".token = " + SECRET + "\n" + ACCOUNT
                    + ".tier = paid\n");
            Files.writeString(egress.resolve("policy.properties"), "anonymous = deny\nports = " + far.port()
                    + "\n# the test server is on loopback, which every tier is refused unless named here\n"
                    + "allow.ranges = 127.0.0.1/32\n");
            portico.start(jar, gatewayJvm(), 60_000);
            portico.requireListener("listen.egress", egressPort, "the egress proxy (listen.egress with an egress/ folder)");
            Target.Tunnel tunnel = new Target.Tunnel("127.0.0.1", egressPort, ACCOUNT + ":" + SECRET);
            Target bulkDirect = Target.http(far.port(), "127.0.0.1:" + far.port(), "/bytes/" + size);
            Map<String, Target> targets = new LinkedHashMap<>();
            targets.put("direct bulk", bulkDirect);
            targets.put("tunnel bulk", bulkDirect.withTunnel(tunnel));
            targets.put("direct small", bulkDirect.withPath("/"));
            targets.put("tunnel small", bulkDirect.withPath("/").withTunnel(tunnel));
            if (Programs.find("haproxy") != null) {
                relay.startTcpRelay("127.0.0.1", far.port(), 2);
                Target bulkRelay = Target.http(relay.port(), "127.0.0.1:" + far.port(), "/bytes/" + size);
                targets.put("haproxy bulk", bulkRelay);
                targets.put("haproxy small", bulkRelay.withPath("/"));
            } else {
                findings.note("HAProxy is not installed (apt-get install haproxy): no TCP relay to compare with.");
            }
            try (Generator g = new Generator(1, System.err)) {
                FlowResult probe = g.run(List.of(new Workload("probe", targets.get("tunnel small"),
                        Plan.closed(1, java.time.Duration.ofMillis(300))))).get(0);
                if (probe.answered() == 0) {
                    throw new IllegalStateException("the egress proxy did not open a tunnel to " + far + ": "
                            + probe.statusText() + "; gateway log: " + portico.service().tail(3));
                }
                for (Target t : options.warmsUp() ? targets.values() : List.<Target>of()) {
                    g.run(List.of(new Workload("warm-up", t, Plan.closed(connections, options.warmup()))));
                }
                Map<String, List<FlowResult>> runs = Rounds.alternate(new ArrayList<>(targets.keySet()), options.rounds(),
                        (k, round) -> {
                            FlowResult r = g.run(List.of(new Workload(k, targets.get(k),
                                    Plan.closed(connections, options.duration())))).get(0);
                            log("  round %d %-13s %,9.0f req/s %8.1f MB/s  %s", round, k, r.rps(), r.mbPerSecond(),
                                    r.statusText());
                            findings.run("target", k, "round", round, "result", r);
                            return r;
                        });
                portico.close();
                summarise(runs);
            }
        }
    }

    private void summarise(Map<String, List<FlowResult>> runs) {
        List<List<String>> rows = new ArrayList<>();
        List<Double> bars = new ArrayList<>();
        for (var e : runs.entrySet()) {
            List<FlowResult> r = e.getValue();
            rows.add(List.of(e.getKey(), Cells.count(Rounds.median(r, FlowResult::rps)),
                    Cells.mb(Rounds.median(r, FlowResult::mbPerSecond)), Cells.ms(Rounds.median(r, x -> x.latency().p50())),
                    Cells.ms(Rounds.median(r, x -> x.latency().p99())),
                    Long.toString(r.stream().mapToLong(FlowResult::failures).sum())));
        }
        double directMb = Rounds.median(runs.get("direct bulk"), FlowResult::mbPerSecond);
        double tunnelMb = Rounds.median(runs.get("tunnel bulk"), FlowResult::mbPerSecond);
        double directRps = Rounds.median(runs.get("direct small"), FlowResult::rps);
        double bulkRatio = tunnelMb / directMb;
        double smallRatio = Rounds.median(runs.get("tunnel small"), FlowResult::rps) / directRps;
        List<String> barNames = new ArrayList<>(List.of("direct", "tunnel"));
        bars.add(directMb);
        bars.add(tunnelMb);
        if (runs.containsKey("haproxy bulk")) {
            double relayMb = Rounds.median(runs.get("haproxy bulk"), FlowResult::mbPerSecond);
            barNames.add("HAProxy TCP relay");
            bars.add(relayMb);
            findings.note("HAProxy's TCP relay (mode tcp, splice both ways, nbthread 2) moved bulk at "
                    + Cells.ratio(relayMb / directMb) + " of direct and small requests at "
                    + Cells.ratio(Rounds.median(runs.get("haproxy small"), FlowResult::rps) / directRps)
                    + "; the tunnel's bulk rate is " + Cells.ratio(tunnelMb / relayMb) + " of HAProxy's.");
        }
        findings.table("Closed loop, " + connections + " keep-alive connections, bulk = " + Cells.count(size)
                        + "-byte responses (median of " + options.rounds() + " alternating rounds of " + options.seconds() + " s)",
                List.of("path", "req/s", "MB/s", "p50 ms", "p99 ms", "failures"), rows);
        findings.bars("bulk", "Bulk transfer: direct vs through a CONNECT tunnel", "MB/s",
                barNames, Map.of("MB/s", bars));
        findings.goal("CONNECT tunnel bulk throughput >= 0.9x direct", Cells.ratio(bulkRatio), bulkRatio >= 0.9);
        findings.note("Small requests through the tunnel: " + Cells.ratio(smallRatio) + " of direct req/s.");
    }
}
