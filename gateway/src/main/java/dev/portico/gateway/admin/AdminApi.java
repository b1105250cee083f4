package dev.portico.gateway.admin;

import dev.portico.gateway.app.AppDirectory;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.Reloads;
import dev.portico.gateway.live.LiveStats;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The JSON API and the dashboard: their routes, and the one thread they work on (reading and writing
 * app files, reloading, ranking apps), so that none of it runs on an event loop.
 */
public final class AdminApi implements AutoCloseable {

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portico-admin-api");
        t.setDaemon(true);
        return t;
    });
    private final List<AdminRoute> routes;

    public AdminApi(AppDirectory apps, Supplier<ConfigSnapshot> config, LiveStats live, Reloads reloads) {
        this.routes = List.of(
                new EndpointRoute(apps),
                new AppsRoute(apps, config, live, reloads, worker),
                new ReloadRoute(reloads, worker),
                new DashboardRoute());
    }

    public List<AdminRoute> routes() {
        return routes;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
