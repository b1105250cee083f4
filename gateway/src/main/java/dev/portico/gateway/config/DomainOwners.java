package dev.portico.gateway.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which app owns each domain, kept for the last snapshot a {@link ConfigFolder} made, so that a
 * reload that touched a few app files checks only their domains instead of 200,000. Each domain may
 * belong to one app only; in a full check the app first by name keeps it and the others are reported.
 */
final class DomainOwners {

    private final ConfigSnapshot of;
    private final Map<String, String> owners;

    private DomainOwners(ConfigSnapshot of, Map<String, String> owners) {
        this.of = of;
        this.owners = owners;
    }

    /** A check whose index becomes the new snapshot's, once the snapshot is made. */
    interface Check {
        DomainOwners commit(ConfigSnapshot next);
    }

    boolean describes(ConfigSnapshot snapshot) {
        return of == snapshot;
    }

    /**
     * Every app's domains claimed as the files are read, from several threads: each domain goes to the
     * app first by name, the same as {@link #checkAll}, and collisions are kept to be reported after.
     */
    static final class Claims {
        private final ConcurrentHashMap<String, String> owners;
        private final Queue<String[]> collisions = new ConcurrentLinkedQueue<>(); // {domain, app}

        Claims(int apps) {
            owners = new ConcurrentHashMap<>(apps * 3);
        }

        void claim(AppConfig app) {
            List<String> domains = app.domains();
            for (int i = 0; i < domains.size(); i++) {
                String d = domains.get(i);
                String prev = owners.putIfAbsent(d, app.name());
                if (prev != null) {
                    collisions.add(new String[] {d, app.name()});
                    collisions.add(new String[] {d, prev});
                    owners.merge(d, app.name(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }

        /** Reports each app that claimed a domain another app, earlier by name, also claimed. */
        Check check(List<ConfigProblem> problems) {
            Set<String> reported = new HashSet<>();
            for (String[] c : collisions) {
                String owner = owners.get(c[0]);
                if (!owner.equals(c[1]) && reported.add(c[0] + "\n" + c[1])) {
                    problems.add(conflict(c[1], c[0], owner));
                }
            }
            return next -> new DomainOwners(next, owners);
        }
    }

    /** Checks every app. */
    static Check checkAll(SortedMap<String, AppConfig> apps, List<ConfigProblem> problems) {
        Map<String, String> owners = new HashMap<>(apps.size() * 3);
        for (AppConfig app : apps.values()) {
            claim(app, owners, problems);
        }
        return next -> new DomainOwners(next, owners);
    }

    /**
     * Checks only the apps named in {@code touched} against the rest; the index is updated in place
     * when the caller commits (a refused reload leaves it describing {@code previous}).
     */
    Check checkChanged(ConfigSnapshot previous, SortedMap<String, AppConfig> apps, Set<String> touched,
                       List<ConfigProblem> problems) {
        Map<String, String> claimed = new HashMap<>();
        for (String name : new TreeSet<>(touched)) {
            AppConfig app = apps.get(name);
            if (app == null) {
                continue;
            }
            for (String d : app.domains()) {
                String owner = claimed.get(d);
                if (owner == null) {
                    owner = owners.get(d);
                    if (owner != null && (owner.equals(name) || touched.contains(owner))) {
                        owner = null; // its own, or given up by another app that changed
                    }
                }
                if (owner != null) {
                    problems.add(conflict(name, d, owner));
                } else {
                    claimed.put(d, name);
                }
            }
        }
        return next -> {
            for (String name : touched) {
                AppConfig old = previous.apps().get(name);
                if (old != null) {
                    for (String d : old.domains()) {
                        owners.remove(d, name);
                    }
                }
            }
            owners.putAll(claimed);
            return new DomainOwners(next, owners);
        };
    }

    /**
     * One app's domains: a method of its own so that the JIT compiles it early, while a loop body that
     * runs once per app in a single pass would stay interpreted for much of it.
     */
    private static void claim(AppConfig app, Map<String, String> owners, List<ConfigProblem> problems) {
        List<String> domains = app.domains();
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i);
            String prev = owners.putIfAbsent(d, app.name());
            if (prev != null) {
                problems.add(conflict(app.name(), d, prev));
            }
        }
    }

    private static ConfigProblem conflict(String app, String domain, String owner) {
        return new ConfigProblem(ConfigFolder.APPS_DIR + "/" + app + ".properties", "domains",
                "'" + domain + "' already belongs to app " + owner + " (expected each domain in one app only)");
    }
}
