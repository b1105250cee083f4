package dev.portico.loadtest.scenario;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.gen.FlowResult;
import dev.portico.loadtest.gen.Generator;
import dev.portico.loadtest.gen.Plan;
import dev.portico.loadtest.gen.Target;
import dev.portico.loadtest.gen.Workload;
import dev.portico.loadtest.peer.Backends;
import dev.portico.loadtest.peer.Nginx;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.ProxyApp;
import dev.portico.loadtest.peer.Unsupported;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sustained load on one app while the config reloads again and again: each reload edits that app's
 * limits and adds or removes another app, then asks for the reload ({@code POST /api/reload} for
 * Portico, {@code nginx -s reload} for nginx). Counted: requests that failed, and how long reloads took.
 */
@Command(name = "reload", description = "Failed requests under load while the config reloads 100 times.")
public final class ReloadScenario extends ScenarioCommand {

    @Option(names = "--reloads", defaultValue = "100", description = "how many reloads (default: ${DEFAULT-VALUE})")
    int reloads;

    @Option(names = "--rate", defaultValue = "1000", description = "req/s during the reloads (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--interval", defaultValue = "100ms", description = "pause between reloads (default: ${DEFAULT-VALUE})")
    String interval;

    @Override
    String name() {
        return "reload";
    }

    @Override
    String title() {
        return "Reloads under load";
    }

    @Override
    void measure() throws Exception {
        var jar = gatewayJar();
        int count = options.smoke ? 5 : reloads;
        Duration pause = dev.portico.loadtest.Durations.parse(interval);
        try (Backends apps = Backends.start(List.of(AppSpec.parse("http://127.0.0.1:0 workers=256 service=exp:1ms "
                + "name=bench")), workspace.resolve("apps"), 2);
             Portico portico = new Portico(workspace.resolve("portico"));
             Nginx nginx = new Nginx(workspace.resolve("nginx"))) {
            ProxyApp bench = ProxyApp.unlimited("bench", ThroughputScenario.HOST, apps.uri("bench"));
            ProxyApp extra = ProxyApp.unlimited("extra", "extra.test", apps.uri("bench"));
            portico.writeApp("bench", bench.porticoKeys());
            portico.start(jar, gatewayJvm(), 60_000);
            nginx.start(List.of(bench), false, null, false);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = portico.reload(http);
            if (first.statusCode() == 404) {
                throw new Unsupported("POST /api/reload answered 404: this gateway build has no reload API yet "
                        + "(DESIGN.md: POST /api/reload on the admin listener with the admin token)");
            }
            if (first.statusCode() != 200) {
                throw new IllegalStateException("POST /api/reload answered " + first.statusCode() + ": " + first.body());
            }
            List<List<String>> rows = new ArrayList<>();
            try (Generator g = new Generator(1, System.err)) {
                if (options.warmsUp()) {
                    g.run(List.of(load(portico.httpPort(), options.warmup())));
                    g.run(List.of(load(nginx.port(), options.warmup())));
                }
                for (String t : List.of("portico", "nginx")) {
                    int port = t.equals("portico") ? portico.httpPort() : nginx.port();
                    Duration span = pause.multipliedBy(count).plusSeconds(2);
                    CompletableFuture<FlowResult> load = CompletableFuture.supplyAsync(() -> {
                        try {
                            return g.run(List.of(load(port, span))).get(0);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Thread.sleep(options.smoke ? 200 : 1000);
                    List<Double> took = new ArrayList<>();
                    int refused = 0;
                    for (int i = 0; i < count; i++) {
                        Map<String, String> edited = bench.porticoKeys();
                        edited.put("workers", Integer.toString(1000 + i % 2));
                        long t0 = System.nanoTime();
                        if (t.equals("portico")) {
                            portico.writeApp("bench", edited);
                            if (i % 2 == 0) {
                                portico.writeApp("extra", extra.porticoKeys());
                            } else {
                                portico.deleteApp("extra");
                            }
                            if (portico.reload(http).statusCode() != 200) {
                                refused++;
                            }
                        } else {
                            nginx.rewrite(i % 2 == 0 ? List.of(bench, extra) : List.of(bench), false);
                            nginx.reload();
                        }
                        took.add((System.nanoTime() - t0) / 1e6);
                        Thread.sleep(pause.toMillis());
                    }
                    FlowResult r = load.get();
                    took.sort(Double::compare);
                    log("  %-8s %d reloads: %s; %d failed of %d requests", t, count, r.statusText(), r.failures(),
                            r.sent());
                    findings.run("target", t, "reloads", count, "reloadMillis", took, "refused", refused, "result", r);
                    rows.add(List.of(t, Integer.toString(count), Cells.count(r.sent()), Long.toString(r.failures()),
                            r.statusText(), Cells.ms(r.latency().p99()), Cells.ms(took.get(took.size() / 2)),
                            Cells.ms(took.get(took.size() - 1))));
                    if (t.equals("portico")) {
                        findings.goal("no failed request during " + count + " reloads", r.failures() + " failed of "
                                + r.sent(), r.failures() == 0);
                        findings.goal("every reload accepted", refused + " refused", refused == 0);
                    }
                }
            }
            findings.table("Open loop at " + Cells.count(rate) + " req/s over 32 keep-alive connections while the config "
                            + "reloads every " + interval + " (Portico: POST /api/reload; nginx: nginx -s reload)",
                    List.of("proxy", "reloads", "requests", "failed", "answers", "p99 ms", "reload median ms",
                            "reload max ms"), rows);
        }
    }

    private Workload load(int port, Duration d) {
        return new Workload("reload", Target.http(port, ThroughputScenario.HOST, "/"), Plan.open(rate, 32, d));
    }
}
