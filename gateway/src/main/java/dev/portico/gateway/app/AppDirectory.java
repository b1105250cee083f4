package dev.portico.gateway.app;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.route.RouteTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
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

    /** From this many apps on, the first config is put in force on all cores. */
    static final int PARALLEL_FROM = 10_000;

    private final AppStates states;
    private final AtomicReference<Snapshot> current;
    private Map<String, AppConfig> applied; // the apps of the last config put in force

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
    public void apply(ConfigSnapshot config) {
        apply(config, null);
    }

    /**
     * Like {@link #apply(ConfigSnapshot)}, when only the apps named in {@code changed} can differ from the
     * apps in force (null: any of them): a few changed apps among many are put in force by copying the
     * tables and changing their entries, not by rebuilding them from every app.
     */
    public synchronized void apply(ConfigSnapshot config, Set<String> changed) {
        if (config.apps() == applied) {
            return; // a reload that read no app file again: the very same apps, nothing to rebuild
        }
        applied = config.apps();
        Snapshot prev = current.get();
        if (prev.byName().isEmpty() && config.apps().size() >= PARALLEL_FROM) {
            current.set(first(config));
            return;
        }
        if (changed != null && changed.size() < prev.byName().size() / 4) {
            current.set(patched(prev, config, changed));
            return;
        }
        Map<String, App> byName = new HashMap<>(config.apps().size() * 2);
        RouteTable.Builder<App> routes = RouteTable.builder(config.apps().size() * 2);
        for (AppConfig ac : config.apps().values()) {
            add(ac, prev.byName().get(ac.name()), byName, routes);
        }
        current.set(new Snapshot(routes.build(), Collections.unmodifiableMap(byName)));
    }

    /**
     * The first large config, built on all cores: every app is new, and a validated config gives each
     * domain to one app only, so the halves can fill shared maps in any order.
     */
    private Snapshot first(ConfigSnapshot config) {
        AppConfig[] all = config.apps().values().toArray(new AppConfig[0]);
        int domains = 0;
        for (AppConfig ac : all) {
            domains += ac.domains().size();
        }
        ConcurrentHashMap<String, App> byName = new ConcurrentHashMap<>(all.length * 4 / 3 + 1);
        ConcurrentHashMap<String, App> exact = new ConcurrentHashMap<>(domains * 4 / 3 + 1);
        ConcurrentHashMap<String, App> wildcard = new ConcurrentHashMap<>();
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        List<ForkJoinTask<?>> helpers = new ArrayList<>();
        for (int p = 1; p < parts; p++) {
            int part = p;
            helpers.add(ForkJoinPool.commonPool().submit(() -> fill(all, part, parts, byName, exact, wildcard)));
        }
        fill(all, 0, parts, byName, exact, wildcard);
        for (ForkJoinTask<?> h : helpers) {
            h.join();
        }
        return new Snapshot(RouteTable.of(exact, wildcard), Collections.unmodifiableMap(byName));
    }

    private void fill(AppConfig[] all, int part, int parts, Map<String, App> byName, Map<String, App> exact,
                      Map<String, App> wildcard) {
        for (int i = all.length * part / parts, end = all.length * (part + 1) / parts; i < end; i++) {
            App app = App.fresh(all[i], states);
            byName.put(app.name(), app);
            List<String> domains = all[i].domains();
            for (int d = 0; d < domains.size(); d++) {
                String domain = domains.get(d);
                String suffix = RouteTable.wildcardSuffix(domain);
                if (suffix != null) {
                    wildcard.putIfAbsent(suffix, app);
                } else {
                    exact.putIfAbsent(domain, app);
                }
            }
        }
    }

    /** {@code prev} with the apps named in {@code changed} as {@code config} has them (gone when it has not). */
    private Snapshot patched(Snapshot prev, ConfigSnapshot config, Set<String> changed) {
        Map<String, App> byName = new HashMap<>(prev.byName());
        RouteTable.Builder<App> routes = prev.routes().toBuilder();
        for (String name : changed) { // every old domain out first: a domain may pass from one app to another
            App old = byName.remove(name);
            if (old != null) {
                for (String domain : old.config().domains()) {
                    routes.remove(domain, old);
                }
            }
        }
        for (String name : changed) {
            AppConfig ac = config.apps().get(name);
            if (ac != null) {
                add(ac, prev.byName().get(name), byName, routes);
            }
        }
        return new Snapshot(routes.build(), Collections.unmodifiableMap(byName));
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
