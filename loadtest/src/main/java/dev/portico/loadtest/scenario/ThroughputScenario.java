package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.app.AppUri;
import dev.portico.loadtest.gen.FlowResult;
import dev.portico.loadtest.gen.Generator;
import dev.portico.loadtest.gen.Latency;
import dev.portico.loadtest.gen.Plan;
import dev.portico.loadtest.gen.Target;
import dev.portico.loadtest.gen.Workload;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.CpuTime;
import dev.portico.loadtest.peer.Haproxy;
import dev.portico.loadtest.peer.Nginx;
import dev.portico.loadtest.peer.NettyRelay;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.ProxyApp;
import dev.portico.loadtest.peer.Wrk;
import dev.portico.loadtest.relay.Relay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Small responses over HTTP/1.1 keep-alive through Portico, nginx and HAProxy to the same fast simulated
 * app, and straight to the app as the ceiling. Peak req/s from wrk (closed loop) in alternating rounds;
 * then latency at one fixed arrival rate for all (open loop, coordinated omission corrected).
 */
@Command(name = "throughput", description = "HTTP/1.1 keep-alive req/s and latency: Portico vs nginx vs HAProxy vs direct.")
public final class ThroughputScenario extends ScenarioCommand {

    static final String HOST = "bench.test";

    @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "wrk connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rate", description = "open-loop rate for the latency runs (default: a quarter of nginx's peak)")
    Double rate;

    @Option(names = "--event-loops", defaultValue = "0", description = "the gateway's event.loops (0: one per core)")
    int eventLoops;

    @Option(names = "--relays", description = "also measure two bare Netty relays in their own JVMs, a floor for a "
            + "proxy built on Netty: relay-tcp moves bytes only, relay-http decodes and encodes with Netty's HTTP "
            + "codecs only")
    boolean relays;

    @Option(names = "--app", defaultValue = "simulated", description = "the app behind every proxy: simulated (the "
            + "loadtest's own, in its JVM) or nginx (nginx's `return 200`, served by the nginx under test from its own "
            + "workers, which then forwards only Host: the setup of the perf-vs-nginx acceptance check) "
            + "(default: ${DEFAULT-VALUE})")
    AppKind appKind;

    /** What answers behind the proxies (picocli refuses any other word, naming these). */
    enum AppKind { simulated, nginx }

    private final Map<String, Integer> warmups = new LinkedHashMap<>();

    @Override
    String name() {
        return "throughput";
    }

    @Override
    String title() {
        return "HTTP/1.1 keep-alive throughput and latency";
    }

    @Override
    void measure() throws Exception {
        var jar = gatewayJar();
        boolean nginxApp = appKind == AppKind.nginx;
        Nginx nginx = new Nginx(workspace.resolve("nginx"));
        if (nginxApp) {
            nginx.withLocalApp();
        }
        try (Backends apps = nginxApp ? null : Backends.start(List.of(AppSpec.parse("http://127.0.0.1:0 workers=4096 "
                + "service=fixed:0 name=bench listen=4096")), workspace.resolve("apps"), 2);
             Portico portico = new Portico(workspace.resolve("portico"));
             nginx;
             Haproxy haproxy = new Haproxy(workspace.resolve("haproxy"));
             NettyRelay tcpRelay = relays ? NettyRelay.start(Relay.Mode.TCP, appPort(apps, nginx),
                     workspace.resolve("relays"), options.gatewayJvm()) : null;
             NettyRelay httpRelay = relays ? NettyRelay.start(Relay.Mode.HTTP, appPort(apps, nginx),
                     workspace.resolve("relays"), options.gatewayJvm()) : null) {
            AppUri appUri = apps != null ? apps.uri("bench") : AppUri.parse("http://127.0.0.1:" + nginx.localAppPort());
            ProxyApp app = ProxyApp.unlimited("bench", HOST, appUri);
            portico.writeApp("bench", app.porticoKeys());
            if (eventLoops > 0) {
                portico.set("event.loops", Integer.toString(eventLoops));
            }
            portico.start(jar, gatewayJvm(), 60_000);
            nginx.start(List.of(app), false, null, false);
            haproxy.start(List.of(app), 2);
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("portico", portico.httpPort());
            ports.put("nginx", nginx.port());
            ports.put("haproxy", haproxy.port());
            ports.put("direct", appUri.port());
            Map<String, Long> pids = new LinkedHashMap<>(Map.of("portico", portico.service().pid(),
                    "nginx", nginx.service().pid(), "haproxy", haproxy.service().pid(),
                    "direct", apps != null ? apps.service().pid() : nginx.service().pid()));
            if (relays) {
                ports.put("relay-tcp", tcpRelay.port());
                ports.put("relay-http", httpRelay.port());
                pids.put("relay-tcp", tcpRelay.service().pid());
                pids.put("relay-http", httpRelay.service().pid());
            }
            List<String> targets = new ArrayList<>(ports.keySet());

            for (String t : options.warmsUp() ? targets : List.<String>of()) {
                warmUntilSteady(t, url(ports.get(t)), pids.get(t));
            }
            if (options.warmsUp()) {
                // one unrecorded round straight before the measured ones: a target that sat idle through the
                // others' warm-ups (JIT code, pools, caches going cold) is not charged for it in round 1
                for (String t : targets) {
                    Wrk.run(url(ports.get(t)), HOST, connections, 5, List.of());
                }
            }
            Map<String, List<Double>> cpuPeak = new LinkedHashMap<>();
            Map<String, Long> threads = new LinkedHashMap<>();
            long[] porticoRequests = new long[1];
            Map<String, List<Wrk.Result>> peak = Rounds.alternate(targets, options.rounds(), (t, round) -> {
                Map<String, Long> threads0 = t.equals("portico") ? CpuTime.jvmThreadMillis(pids.get(t)) : Map.of();
                long cpu0 = CpuTime.treeMillis(pids.get(t));
                Wrk.Result r = Wrk.run(url(ports.get(t)), HOST, connections, options.seconds(), List.of());
                double cpuUs = (CpuTime.treeMillis(pids.get(t)) - cpu0) * 1000.0 / Math.max(1, r.requests());
                cpuPeak.computeIfAbsent(t, k -> new ArrayList<>()).add(cpuUs);
                if (t.equals("portico")) {
                    CpuTime.jvmThreadMillis(pids.get(t)).forEach((k, v) -> threads.merge(k, v - threads0.get(k), Long::sum));
                    porticoRequests[0] += r.requests();
                }
                log("  round %d %-8s %,10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU %5.1f us/request  non-2xx %d  "
                        + "socket errors %d", round, t, r.rps(), r.p50(), r.p99(), cpuUs, r.non2xx(), r.socketErrors());
                findings.run("phase", "peak", "target", t, "round", round, "tool", "wrk", "rps", r.rps(), "p50", r.p50(),
                        "p75", r.p75(), "p90", r.p90(), "p99", r.p99(), "max", r.max(), "requests", r.requests(),
                        "non2xx", r.non2xx(), "socketErrors", r.socketErrors(), "cpuMicrosPerRequest", cpuUs,
                        "command", r.command());
                return r;
            });
            double nginxPeak = Rounds.median(peak.get("nginx"), Wrk.Result::rps);
            // A quarter of nginx's peak: the Java generator needs more CPU per request than wrk, on the same
            // cores, and a fixed rate needs headroom to recover from a pause without a lasting backlog.
            double openRate = rate != null ? rate : Math.max(100, Math.round(nginxPeak / 4 / 100) * 100);
            log("open-loop latency at %.0f req/s", openRate);
            Map<String, List<FlowResult>> open;
            Map<String, List<Double>> cpuOpen = new LinkedHashMap<>();
            try (Generator g = new Generator(1, System.err)) {
                // the generator's own JIT warms up first, or whichever target comes first pays for it
                for (String t : options.warmsUp() ? targets : List.<String>of()) {
                    g.run(List.of(new Workload("warm-up " + t, Target.http(ports.get(t), HOST, "/"),
                            Plan.open(openRate, connections, java.time.Duration.ofSeconds(5)))));
                }
                open = Rounds.alternate(targets, options.rounds(), (t, round) -> {
                    Target target = Target.http(ports.get(t), HOST, "/");
                    long cpu0 = CpuTime.treeMillis(pids.get(t));
                    FlowResult r = g.run(List.of(new Workload(t, target,
                            Plan.open(openRate, connections, options.duration())))).get(0);
                    double cpuUs = (CpuTime.treeMillis(pids.get(t)) - cpu0) * 1000.0 / Math.max(1, r.answered());
                    cpuOpen.computeIfAbsent(t, k -> new ArrayList<>()).add(cpuUs);
                    findings.run("phase", "open-loop", "target", t, "round", round, "tool", "loadtest", "rate", openRate,
                            "cpuMicrosPerRequest", cpuUs, "result", r);
                    return r;
                });
            }
            portico.close();
            summarise(targets, peak, open, openRate, cpuPeak, cpuOpen, nginxApp);
            List<List<String>> rows = new ArrayList<>();
            long all = threads.values().stream().mapToLong(Long::longValue).sum();
            threads.forEach((k, v) -> rows.add(List.of(k, Cells.count(v * 1000.0 / Math.max(1, porticoRequests[0])),
                    all == 0 ? "0" : Math.round(100.0 * v / all) + "%")));
            findings.table("Where Portico's CPU went during the peak rounds (its threads, by kind)",
                    List.of("threads", "CPU us/req", "share"), rows);
            if (options.jfr) {
                long requests = peak.get("portico").stream().mapToLong(Wrk.Result::requests).sum();
                JfrProfile.read(jfrFile()).report(findings, options.seconds() * options.rounds(), requests);
            }
        }
    }

    private void summarise(List<String> targets, Map<String, List<Wrk.Result>> peak, Map<String, List<FlowResult>> open,
                           double openRate, Map<String, List<Double>> cpuPeak, Map<String, List<Double>> cpuOpen,
                           boolean nginxApp) {
        double nginx = Rounds.median(peak.get("nginx"), Wrk.Result::rps);
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        List<Double> rpsBars = new ArrayList<>();
        List<Double> cpuBars = new ArrayList<>();
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String t : targets) {
            List<Wrk.Result> runs = peak.get(t);
            double rps = Rounds.median(runs, Wrk.Result::rps);
            FlowResult o = medianByP99(open.get(t));
            Latency l = o.latency();
            long errors = runs.stream().mapToLong(r -> r.non2xx() + r.socketErrors()).sum()
                    + open.get(t).stream().mapToLong(FlowResult::failures).sum();
            double cpu = Rounds.median(cpuPeak.get(t), x -> x);
            rows.add(List.of(t, Cells.count(rps), Cells.ratio(rps / nginx), Cells.ms(Rounds.median(runs, Wrk.Result::p50)),
                    Cells.ms(Rounds.median(runs, Wrk.Result::p99)), Cells.count(cpu), Cells.ms(l.p50()), Cells.ms(l.p99()),
                    Cells.ms(l.p999()), Cells.ms(l.max()), Cells.count(Rounds.median(cpuOpen.get(t), x -> x)), Long.toString(errors)));
            rpsBars.add((double) Math.round(rps));
            cpuBars.add((double) Math.round(cpu));
            curves.put(t, List.of(l.p50(), l.p75(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max()));
        }
        bars.put("req/s (median of " + options.rounds() + ")", rpsBars);
        findings.table("Peak (wrk, " + connections + " connections, closed loop, median of " + options.rounds()
                        + " alternating rounds of " + options.seconds() + " s) and latency at a fixed " + Cells.count(openRate)
                        + " req/s (open loop, from the intended send time)",
                List.of("target", "req/s", "vs nginx", "wrk p50 ms", "wrk p99 ms", "CPU us/req", "open p50 ms",
                        "open p99 ms", "open p99.9 ms", "open max ms", "open CPU us/req", "errors"), rows);
        findings.bars("rps", "HTTP/1.1 keep-alive, small responses: peak req/s", "req/s", targets, bars);
        findings.bars("cpu", "CPU per request at peak (the target's processes, user + system)", "microseconds",
                targets, Map.of("CPU us per request", cpuBars));
        findings.percentiles("latency", "Latency at " + Cells.count(openRate) + " req/s (open loop)", curves);
        if (!warmups.isEmpty()) {
            findings.note("Warm-up until each target settled (5 s wrk chunks until CPU per request is within 5% of the "
                    + "chunk before and, for the JVM, its JIT compiler threads used under 100 ms in the chunk): "
                    + warmups.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " s").toList() + ".");
        }
        if (nginxApp) {
            findings.note("The app is nginx's `return 200` in the nginx under test (`--app nginx`), as in the "
                    + "perf-vs-nginx acceptance check: nginx proxies to its own workers and forwards only Host; Portico, "
                    + "HAProxy and the relays reach the same nginx workers over loopback. CPU us/req: CPU time (user + "
                    + "system) of the target's own processes divided by the requests it served; nginx's figure includes "
                    + "the app's work (its processes are the app's), the others' do not, and direct is the app alone.");
        } else {
            findings.note("CPU us/req: CPU time (user + system) of the target's own processes (Portico's JVM, nginx's or "
                    + "HAProxy's master and workers, the simulated app for direct) divided by the requests it served; "
                    + "the simulated app's CPU behind each proxy is not included.");
        }
        double portico = Rounds.median(peak.get("portico"), Wrk.Result::rps);
        double pP99 = Rounds.median(peak.get("portico"), Wrk.Result::p99);
        double nP99 = Rounds.median(peak.get("nginx"), Wrk.Result::p99);
        findings.goal("Portico req/s >= 1.0x nginx", Cells.ratio(portico / nginx) + " (" + Cells.count(portico) + " vs "
                + Cells.count(nginx) + " req/s)", portico >= nginx);
        findings.goal("Portico p99 <= nginx p99 at peak", Cells.ms(pP99) + " ms vs " + Cells.ms(nP99) + " ms", pP99 <= nP99);
        double oP = medianByP99(open.get("portico")).latency().p99();
        double oN = medianByP99(open.get("nginx")).latency().p99();
        findings.goal("Portico p99 <= nginx p99 at " + Cells.count(openRate) + " req/s", Cells.ms(oP) + " ms vs "
                + Cells.ms(oN) + " ms", oP <= oN);
        findings.note("Targets: Portico (`" + Portico.commandLine(gatewayJvm()) + "`), nginx (worker_processes auto, "
                + "upstream keepalive 128, " + (nginxApp ? "only Host forwarded" : "the same forwarded headers")
                + "), HAProxy (nbthread 2, http-reuse always), and the app directly ("
                + (nginxApp ? "nginx's `return 200`)." : "4096 workers, no service time, its own JVM)."));
        if (relays) {
            findings.note("relay-tcp and relay-http (`loadtest.jar relay --mode tcp|http`, each in its own JVM with the "
                    + "gateway's JVM options and Netty settings) are not proxies: each visitor connection gets one app "
                    + "connection of its own, nothing is routed, limited, added or logged. relay-tcp writes the bytes "
                    + "it reads; relay-http decodes them with Netty's HTTP server and client codecs and encodes the "
                    + "same objects again. They show what a proxy built on Netty costs before any work of its own.");
        }
    }

    private void warmUntilSteady(String target, String url, long pid) throws Exception {
        int seconds = WarmUp.untilSteady(target, pid, options.warmup().toSeconds(), findings,
                () -> Wrk.run(url, HOST, connections, WarmUp.CHUNK_SECONDS, List.of()).requests());
        warmups.put(target, seconds);
    }

    /** Of several open-loop runs, the one whose p99 is the median: its percentiles belong together. */
    private static FlowResult medianByP99(List<FlowResult> runs) {
        List<FlowResult> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(r -> r.latency().p99()));
        return sorted.get(sorted.size() / 2);
    }

    private static int appPort(Backends apps, Nginx nginx) {
        return apps != null ? apps.uri("bench").port() : nginx.localAppPort();
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port + "/";
    }
}
