package dev.portico.gateway.app;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.route.RouteTable;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The apps in force: a routing table and apps by name, swapped atomically as a whole. Requests read the
 * snapshot once when they start and finish on it, whatever reloads happen meanwhile.
 */
public final class AppDirectory {

    /** One consistent view: every host routes to an app of the same generation. */
    public record Snapshot(RouteTable<App> routes, Map<String, App> byName) {
        public App route(String host) {
            return routes.lookup(host);
        }
    }

    private final AppStates states;
    private final AtomicReference<Snapshot> current;

    public AppDirectory(AppStates states) {
        this.states = states;
        this.current = new AtomicReference<>(new Snapshot(RouteTable.<App>builder().build(), Map.of()));
    }

    public Snapshot snapshot() {
        return current.get();
    }

    public App app(String name) {
        return current.get().byName().get(name);
    }

    public Collection<App> apps() {
        return current.get().byName().values();
    }

    /**
     * Puts {@code config}'s apps in force. Apps whose config did not change are kept as they are (queue,
     * permits, breakers, pooled connections); changed ones carry their live state over.
     */
    public synchronized void apply(ConfigSnapshot config) {
        Snapshot prev = current.get();
        Map<String, App> byName = new HashMap<>(config.apps().size() * 2);
        RouteTable.Builder<App> routes = RouteTable.builder(config.apps().size() * 2);
        for (AppConfig ac : config.apps().values()) {
            add(ac, prev.byName().get(ac.name()), byName, routes);
        }
        current.set(new Snapshot(routes.build(), Collections.unmodifiableMap(byName)));
    }

    /** One app's part of {@link #apply}: a method of its own so that the JIT compiles it early at 100,000 apps. */
    private void add(AppConfig ac, App old, Map<String, App> byName, RouteTable.Builder<App> routes) {
        // an unchanged file yields the very same config object: no field-by-field comparison needed
        App app = old == null ? App.fresh(ac, states)
                : old.config() == ac || old.config().equals(ac) ? old : old.next(ac);
        byName.put(ac.name(), app);
        List<String> domains = ac.domains();
        for (int i = 0; i < domains.size(); i++) {
            routes.add(domains.get(i), app);
        }
    }
}
