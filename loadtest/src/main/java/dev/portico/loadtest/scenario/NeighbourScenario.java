package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.gen.FlowResult;
import dev.portico.loadtest.gen.Generator;
import dev.portico.loadtest.gen.Plan;
import dev.portico.loadtest.gen.Target;
import dev.portico.loadtest.gen.Workload;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.Haproxy;
import dev.portico.loadtest.peer.Nginx;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.ProxyApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The noisy neighbour: one app's backend hangs (every request takes 10 s, 4 workers) and is flooded,
 * while a neighbour app takes a steady rate. Each proxy gets its own pair of apps and the same per-app
 * limits (Portico: workers + queue; HAProxy: maxconn + maxqueue + timeout queue; nginx: max_conns, its
 * open-source equivalent). Measured per proxy: the neighbour's latency alone and during the flood, the
 * flooded app's status mix, and 502s anywhere.
 */
@Command(name = "neighbour", description = "Noisy neighbour: a hung, flooded app next to a steady one.")
public final class NeighbourScenario extends ScenarioCommand {

    static final int HUNG_WORKERS = 4;

    @Option(names = "--steady-rate", defaultValue = "200", description = "the neighbour's req/s (default: ${DEFAULT-VALUE})")
    double steadyRate;

    @Option(names = "--flood-rate", defaultValue = "500", description = "req/s at the hung app (default: ${DEFAULT-VALUE})")
    double floodRate;

    @Option(names = "--targets", split = ",", defaultValue = "portico,nginx,haproxy",
            description = "proxies to compare (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Override
    String name() {
        return "neighbour";
    }

    @Override
    String title() {
        return "Noisy neighbour: one hung, flooded app; a steady neighbour";
    }

    @Override
    void measure() throws Exception {
        var jar = gatewayJar();
        List<AppSpec> specs = new ArrayList<>();
        for (String t : targets) {
            specs.add(AppSpec.parse("http://127.0.0.1:0 workers=" + HUNG_WORKERS + " service=fixed:10s name=hung-" + t));
            specs.add(AppSpec.parse("http://127.0.0.1:0 workers=8 service=exp:5ms name=steady-" + t));
        }
        try (Backends apps = Backends.start(specs, workspace.resolve("apps"), 2);
             Portico portico = new Portico(workspace.resolve("portico"));
             Nginx nginx = new Nginx(workspace.resolve("nginx"));
             Haproxy haproxy = new Haproxy(workspace.resolve("haproxy"))) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String t : targets) {
                List<ProxyApp> pair = List.of(
                        new ProxyApp("hung", List.of("hung.test"), apps.uri("hung-" + t), HUNG_WORKERS, 16,
                                Duration.ofSeconds(1), Duration.ofSeconds(5)),
                        new ProxyApp("steady", List.of("steady.test"), apps.uri("steady-" + t), 8, 32,
                                Duration.ofSeconds(5), Duration.ofSeconds(5)));
                switch (t) {
                    case "portico" -> {
                        for (ProxyApp a : pair) {
                            portico.writeApp(a.name(), a.porticoKeys());
                        }
                        portico.start(jar, gatewayJvm(), 60_000);
                        ports.put(t, portico.httpPort());
                    }
                    case "nginx" -> ports.put(t, nginx.start(pair, true, null, false).port());
                    default -> ports.put(t, haproxy.start(pair, 2).port());
                }
            }
            Duration d = options.duration();
            try (Generator g = new Generator(1, System.err)) {
                for (String t : options.warmsUp() ? targets : List.<String>of()) {
                    // warm-up with the flood too, so that the gateway's JIT has compiled the refusal path
                    // before anything is measured (nginx and HAProxy have nothing to compile)
                    Duration w = t.equals("portico") ? options.warmup().multipliedBy(3) : options.warmup();
                    g.run(List.of(steady(ports.get(t), w), flood(ports.get(t), w)));
                }
                Map<String, List<FlowResult[]>> runs = Rounds.alternate(targets, options.rounds(), (t, round) -> {
                    FlowResult alone = g.run(List.of(steady(ports.get(t), d))).get(0);
                    List<FlowResult> both = g.run(List.of(steady(ports.get(t), d), flood(ports.get(t), d)));
                    log("  round %d %-8s neighbour p99 alone %.2f ms, during the flood %.2f ms; flooded app: %s",
                            round, t, alone.latency().p99(), both.get(0).latency().p99(), both.get(1).statusText());
                    findings.run("target", t, "round", round, "alone", alone, "neighbourDuringFlood", both.get(0),
                            "flooded", both.get(1));
                    return new FlowResult[] {alone, both.get(0), both.get(1)};
                });
                summarise(targets, runs);
            }
        }
        if (options.jfr && targets.contains("portico")) {
            JfrProfile.read(jfrFile()).report(findings, options.seconds() * 2.0 * options.rounds(), 0);
        }
    }

    private Workload steady(int port, Duration d) {
        return new Workload("neighbour", Target.http(port, "steady.test", "/"), Plan.open(steadyRate, 16, d)
                .withTimeout(Duration.ofSeconds(10)));
    }

    private Workload flood(int port, Duration d) {
        // a smoke run does not wait for the hung requests' 5 s answers
        return new Workload("flooded", Target.http(port, "hung.test", "/"), Plan.open(floodRate, 256, d)
                .withTimeout(Duration.ofSeconds(options.smoke ? 1 : 12)));
    }

    private void summarise(List<String> targets, Map<String, List<FlowResult[]>> runs) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("neighbour p99 alone", new ArrayList<>());
        bars.put("neighbour p99 during the flood", new ArrayList<>());
        for (String t : targets) {
            List<FlowResult[]> r = runs.get(t);
            double alone = Rounds.median(r, x -> x[0].latency().p99());
            double during = Rounds.median(r, x -> x[1].latency().p99());
            Map<String, Long> mix = new TreeMap<>();
            long bad502 = 0;
            long neighbourFailures = 0;
            for (FlowResult[] x : r) {
                x[2].statuses().forEach((k, v) -> mix.merge(k, v, Long::sum));
                for (FlowResult f : x) {
                    bad502 += f.count("502");
                }
                neighbourFailures += x[0].failures() + x[1].failures();
            }
            rows.add(List.of(t, Cells.ms(alone), Cells.ms(during), Cells.ratio(during / alone),
                    Long.toString(neighbourFailures), mixText(mix), Long.toString(bad502)));
            bars.get("neighbour p99 alone").add(alone);
            bars.get("neighbour p99 during the flood").add(during);
            if (t.equals("portico")) {
                findings.goal("neighbour p99 during the flood within 1.1x of alone", Cells.ratio(during / alone) + " ("
                        + Cells.ms(alone) + " -> " + Cells.ms(during) + " ms)", during <= 1.1 * alone);
                findings.goal("zero 502s anywhere (Portico)", bad502 + " 502s", bad502 == 0);
                findings.goal("the neighbour loses no request (Portico)", neighbourFailures + " failed", neighbourFailures == 0);
            }
        }
        findings.table("Neighbour at " + Cells.count(steadyRate) + " req/s; flood of " + Cells.count(floodRate)
                        + " req/s at an app whose " + HUNG_WORKERS + " workers hang 10 s per request (median of "
                        + options.rounds() + " rounds of " + options.seconds() + " s, open loop)",
                List.of("proxy", "neighbour p99 alone ms", "during flood ms", "ratio", "neighbour failures",
                        "flooded app: answers", "502s"), rows);
        findings.bars("p99", "Neighbour p99 alone and during the flood", "ms", targets, bars);
        findings.note("Per-app limits: hung app workers=4, queue.size=16, queue.timeout=1s, timeout.response=5s; "
                + "neighbour workers=8, queue.size=32. nginx: upstream max_conns=workers in a shared zone (open-source "
                + "nginx has no upstream queue), proxy_read_timeout 5s. HAProxy: maxconn=workers, maxqueue=queue.size, "
                + "timeout queue=queue.timeout, timeout server 5s.");
    }

    private static String mixText(Map<String, Long> mix) {
        StringBuilder sb = new StringBuilder();
        mix.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
        return sb.toString();
    }
}
