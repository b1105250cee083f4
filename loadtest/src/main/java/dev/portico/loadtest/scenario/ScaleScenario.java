package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.app.AppUri;
import dev.portico.loadtest.gen.FlowResult;
import dev.portico.loadtest.gen.Generator;
import dev.portico.loadtest.gen.IdleConnections;
import dev.portico.loadtest.gen.Plan;
import dev.portico.loadtest.gen.Probe;
import dev.portico.loadtest.gen.Target;
import dev.portico.loadtest.gen.Workload;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.Java;
import dev.portico.loadtest.peer.Nginx;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.Programs;
import dev.portico.loadtest.peer.ProxyApp;
import dev.portico.loadtest.peer.Rss;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Many apps and many idle visitors: start time and memory with 100,000 app files, how fast one new
 * app is live, whether route lookups among 100,000 apps cost more than among 10, and the memory each
 * idle keep-alive connection costs.
 */
@Command(name = "scale", description = "100,000 apps: start, memory, a change live, lookups; 10,000 idle connections.")
public final class ScaleScenario extends ScenarioCommand {

    @Option(names = "--apps", defaultValue = "100000", description = "apps in the big config (default: ${DEFAULT-VALUE})")
    int apps;

    @Option(names = "--idle", defaultValue = "10000", description = "idle keep-alive connections (default: ${DEFAULT-VALUE})")
    int idle;

    @Option(names = "--with-nginx", description = "also start nginx with one server block per app (slow, GBs of memory)")
    boolean withNginx;

    @Override
    String name() {
        return "scale";
    }

    @Override
    String title() {
        return "Scale: 100,000 apps, 10,000 idle connections";
    }

    @Override
    void measure() throws Exception {
        var jar = gatewayJar();
        int n = options.smoke ? 1000 : apps;
        int idleCount = options.smoke ? 500 : idle;
        try (Backends backend = Backends.start(List.of(AppSpec.parse("http://127.0.0.1:0 workers=512 service=fixed:0 "
                + "name=many listen=4096")), workspace.resolve("apps"), 2);
             Portico big = new Portico(workspace.resolve("big"));
             Portico small = new Portico(workspace.resolve("small"));
             Generator g = new Generator(1, System.err)) {
            AppUri be = backend.uri("many");
            log("writing %,d app files", n);
            for (int i = 0; i < n; i++) {
                big.writeApp("app" + i, app(i, be).porticoKeys());
            }
            for (int i = 0; i < 10; i++) {
                small.writeApp("app" + i, app(i, be).porticoKeys());
            }
            // the idle connections' one request each goes to an app with room for all of them at once
            small.writeApp("idle", ProxyApp.unlimited("idle", "idle.scale.test", be).porticoKeys());
            List<List<String>> rows = new ArrayList<>();
            // The app answers once before the clock starts: a running platform's apps are warm, and the
            // simulated app's own first request (its JVM's classes and JIT) is not part of the gateway's start.
            Probe.status(be.port(), "warm.scale.test", "/");

            long t0 = System.nanoTime();
            big.start(jar, gatewayJvm(), 180_000);
            double listening = (System.nanoTime() - t0) / 1e9;
            String last = "app" + (n - 1) + ".scale.test";
            while (Probe.status(big.httpPort(), last, "/") != 200 && System.nanoTime() - t0 < 180e9) {
                Thread.sleep(20);
            }
            double serving = (System.nanoTime() - t0) / 1e9;
            long rssStart = big.service().rssKib();
            Random random = new Random(42);
            List<String> sample = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int a = random.nextInt(n);
                sample.add((i % 2 == 0 ? "" : "www.") + "app" + a + ".scale.test");
            }
            FlowResult routed = g.run(List.of(new Workload("routing", new Target("127.0.0.1", big.httpPort(), sample, "/",
                    null, null), Plan.closed(32, options.duration())))).get(0);
            long rssRouted = big.service().rssKib();
            log("%,d apps: listening after %.2f s, serving after %.2f s, RSS %,d MiB; 1,000 random apps: %s", n,
                    listening, serving, rssStart / 1024, routed.statusText());
            rows.add(List.of("start, " + Cells.count(n) + " apps", String.format("listening %.2f s, app%d answers after %.2f s",
                    listening, n - 1, serving), "< 5 s"));
            rows.add(List.of("memory, " + Cells.count(n) + " apps", String.format("RSS %,d MiB after start, %,d MiB after "
                    + "requests to 1,000 random apps", rssStart / 1024, rssRouted / 1024), "< 400 MB"));
            findings.goal("start < 5 s with " + Cells.count(n) + " apps", String.format("%.2f s", serving), serving < 5);
            findings.goal("RSS < 400 MB with " + Cells.count(n) + " apps", String.format("%,d MiB", rssRouted / 1024),
                    rssRouted / 1024 < 400);
            findings.goal("1,000 random apps all routed", routed.statusText(), routed.failures() == 0 && routed.answered() > 0);
            findings.run("measure", "start", "apps", n, "listeningSeconds", listening, "servingSeconds", serving,
                    "rssStartKib", rssStart, "rssRoutedKib", rssRouted, "routing", routed);

            double live = changeLive(big, be);
            rows.add(List.of("one new app among " + Cells.count(n), live < 0 ? "not live (see notes)" : String.format(
                    "live after %.2f s", live), "< 3 s"));
            findings.goal("a new app live < 3 s among " + Cells.count(n), live < 0 ? "not live (see notes)"
                    : String.format("%.2f s", live), live >= 0 && live < 3);

            small.start(jar, gatewayJvm(), 60_000);
            List<String> tenHosts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tenHosts.add("app" + i + ".scale.test");
            }
            Map<String, Target> lookups = new LinkedHashMap<>();
            lookups.put(Cells.count(n) + " apps", new Target("127.0.0.1", big.httpPort(), sample, "/", null, null));
            lookups.put("10 apps", new Target("127.0.0.1", small.httpPort(), tenHosts, "/", null, null));
            Map<String, Long> pids = Map.of(Cells.count(n) + " apps", big.service().pid(), "10 apps",
                    small.service().pid());
            for (String k : options.warmsUp() ? lookups.keySet() : java.util.Set.<String>of()) {
                WarmUp.untilSteady(k, pids.get(k), options.warmup().toSeconds(), findings, () -> g.run(List.of(
                        new Workload("warm-up", lookups.get(k), Plan.closed(32, Duration.ofSeconds(WarmUp.CHUNK_SECONDS)))))
                        .get(0).answered());
            }
            Map<String, List<FlowResult>> cost = Rounds.alternate(new ArrayList<>(lookups.keySet()), options.rounds(),
                    (k, round) -> {
                        FlowResult r = g.run(List.of(new Workload(k, lookups.get(k), Plan.closed(32, options.duration()))))
                                .get(0);
                        findings.run("measure", "lookup", "target", k, "round", round, "result", r);
                        return r;
                    });
            String bigKey = Cells.count(n) + " apps";
            double bigRps = Rounds.median(cost.get(bigKey), FlowResult::rps);
            double smallRps = Rounds.median(cost.get("10 apps"), FlowResult::rps);
            rows.add(List.of("lookups: req/s over 1,000 random hosts of " + Cells.count(n) + " apps vs 10 hosts of 10 apps",
                    String.format("%s vs %s req/s (%s); p99 %s vs %s ms", Cells.count(bigRps), Cells.count(smallRps),
                            Cells.ratio(bigRps / smallRps), Cells.ms(Rounds.median(cost.get(bigKey), r -> r.latency().p99())),
                            Cells.ms(Rounds.median(cost.get("10 apps"), r -> r.latency().p99()))), "not slower"));
            findings.goal("route lookups among " + Cells.count(n) + " apps not slower than among 10 (req/s within 5%)",
                    Cells.ratio(bigRps / smallRps), bigRps >= 0.95 * smallRps);
            big.close();

            double perConnection = idleMemory(small, idleCount, rows);
            findings.goal("<= 8 KiB RSS per idle keep-alive connection", String.format("%.1f KiB", perConnection),
                    perConnection > 0 && perConnection <= 8);
            small.close();
            if (withNginx) {
                nginxScale(n, be, rows);
            }
            findings.table("Scale (" + Portico.commandLine(gatewayJvm()) + ")", List.of("measure", "result", "goal"), rows);
        }
    }

    private static ProxyApp app(int i, AppUri backend) {
        return new ProxyApp("app" + i, List.of("app" + i + ".scale.test", "www.app" + i + ".scale.test"), backend, 4, 32,
                Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** Seconds until a newly written app answers (after POST /api/reload when the gateway has it), or -1. */
    private double changeLive(Portico big, AppUri be) throws Exception {
        // The client that asks for the reload is made and used once before the clock starts: its first
        // request loads the JDK's HTTP client here, which is no part of the gateway's time.
        HttpClient client = HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + big.adminPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding());
        long t1 = System.nanoTime();
        big.writeApp("newcomer", new ProxyApp("newcomer", List.of("fresh.scale.test"), be, 2, 8, Duration.ofSeconds(5),
                Duration.ofSeconds(60)).porticoKeys());
        var answer = big.reload(client);
        int api = answer.statusCode();
        String body = answer.body().length() > 300 ? answer.body().substring(0, 300) + "..." : answer.body();
        // a reload of 100,000 files may itself take seconds: probe after it answered, up to 30 s in all
        double limit = options.smoke ? 3e9 : 30e9;
        do {
            if (Probe.status(big.httpPort(), "fresh.scale.test", "/") == 200) {
                double live = (System.nanoTime() - t1) / 1e9;
                findings.run("measure", "change", "reloadApiStatus", api, "reloadAnswer", body, "liveSeconds", live);
                return live;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - t1 < limit);
        findings.note("A new app file was not live within " + Math.round(limit / 1e9) + " s: POST /api/reload answered "
                + api + (api == 404 ? " (no reload API in this gateway build), and no file watch picked the file up"
                : ": " + body.strip().replaceAll("\\s+", " ")) + ".");
        findings.run("measure", "change", "reloadApiStatus", api, "reloadAnswer", body, "liveSeconds", -1);
        return -1;
    }

    /** RSS growth per idle keep-alive connection, in KiB, measured after a full GC on both sides. */
    private double idleMemory(Portico small, int count, List<List<String>> rows) throws Exception {
        long pid = small.service().pid();
        fullGc(pid);
        long before = Rss.kib(pid);
        try (IdleConnections idle = new IdleConnections()) {
            int ok = idle.open(small.httpPort(), "idle.scale.test", count, 500);
            Thread.sleep(2000);
            fullGc(pid);
            long after = Rss.kib(pid);
            int open = idle.open();
            double per = (after - before) / (double) Math.max(1, open);
            log("%,d idle connections (%,d answered 200, %,d still open): RSS %,d -> %,d KiB, %.1f KiB each", count, ok,
                    open, before, after, per);
            rows.add(List.of(Cells.count(count) + " idle keep-alive connections", String.format("RSS +%,d KiB, %.1f KiB "
                    + "per connection (%,d of %,d still open)", after - before, per, open, count), "<= 8 KiB each"));
            findings.run("measure", "idle", "connections", count, "answered", ok, "open", open, "rssBeforeKib", before,
                    "rssAfterKib", after, "kibPerConnection", per);
            return open < count * 0.95 ? -1 : per;
        }
    }

    private static void fullGc(long pid) {
        try {
            Programs.run(List.of(Java.tool("jcmd"), Long.toString(pid), "GC.run"), 60);
            Thread.sleep(500);
        } catch (Exception e) {
            log("jcmd GC.run failed: %s", e.getMessage());
        }
    }

    private void nginxScale(int n, AppUri be, List<List<String>> rows) throws Exception {
        List<ProxyApp> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(app(i, be));
        }
        try (Nginx nginx = new Nginx(workspace.resolve("nginx"))) {
            long t0 = System.nanoTime();
            nginx.start(all, false, null, false);
            String last = "app" + (n - 1) + ".scale.test";
            while (Probe.status(nginx.port(), last, "/") != 200 && System.nanoTime() - t0 < 300e9) {
                Thread.sleep(50);
            }
            double serving = (System.nanoTime() - t0) / 1e9;
            long rss = Rss.treeKib(nginx.service().pid());
            rows.add(List.of("nginx, " + Cells.count(n) + " server blocks", String.format("serving after %.2f s, RSS %,d MiB"
                    + " (master and workers)", serving, rss / 1024), "(reference)"));
            findings.run("measure", "nginx", "apps", n, "servingSeconds", serving, "rssKib", rss);
        }
        Files.deleteIfExists(Path.of(workspace.resolve("nginx").toString(), "nginx.conf"));
    }
}
