package dev.portico.loadtest.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code serve --spec FILE} (one app per line) or {@code serve <uri> --workers N --service D --name X}:
 * starts the apps, prints {@code serving <uri> (<name>, N workers, <dist>)} for each once all listen, and
 * runs until SIGTERM. The gateway's demo relies on this contract.
 */
@Command(name = "serve", description = "Run simulated uWSGI-style apps until SIGTERM.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--spec", description = "a file with one app a line: <uri> workers=N service=<dist> name=<name>")
    Path spec;

    @Parameters(arity = "0..1", paramLabel = "URI",
            description = "one app: http://127.0.0.1:9101, uwsgi://..., http+unix:///tmp/x.sock, uwsgi+unix://...")
    String uri;

    @Option(names = "--workers", defaultValue = "4", description = "workers of the one app (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--service", defaultValue = "fixed:0ms",
            description = "service time: fixed:20ms, exp:50ms, bimodal:10ms,5s,0.01 (default: ${DEFAULT-VALUE})")
    String service;

    @Option(names = "--name", defaultValue = "app", description = "the one app's name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--listen", defaultValue = "" + AppSpec.DEFAULT_LISTEN,
            description = "requests that may wait beyond the workers (default: ${DEFAULT-VALUE})")
    int listen;

    @Option(names = "--threads", defaultValue = "2", description = "event loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        List<AppSpec> specs = new ArrayList<>();
        try {
            if (spec != null && uri != null || spec == null && uri == null) {
                throw new IllegalArgumentException("give either --spec FILE or one URI (expected one of them)");
            }
            if (spec != null) {
                specs.addAll(AppSpec.read(spec));
                if (specs.isEmpty()) {
                    throw new IllegalArgumentException(spec + ": no apps (expected lines such as "
                            + "http://127.0.0.1:9101 workers=4 service=exp:20ms name=shop)");
                }
            } else {
                specs.add(new AppSpec(AppUri.parse(uri), workers, ServiceTime.parse(service), name, listen));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("serve: " + e.getMessage());
            return 2;
        }
        SimulatedApps apps;
        try {
            apps = SimulatedApps.start(specs, threads);
        } catch (IllegalStateException e) {
            System.err.println("serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            apps.close();
            stopped.countDown();
        }, "serve-shutdown"));
        for (SimulatedApp app : apps.apps()) {
            System.out.println(app.servingLine());
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
