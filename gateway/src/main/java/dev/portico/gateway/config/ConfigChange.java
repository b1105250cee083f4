package dev.portico.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** What a reload changed: apps added, removed and changed (by name), and whether gateway.properties did. */
public record ConfigChange(List<String> added, List<String> removed, List<String> changed, boolean gateway) {

    public ConfigChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /**
     * Compares two snapshots. An app file that was not re-read keeps the very same config object, so
     * with 100,000 apps this is mostly identity checks.
     */
    public static ConfigChange between(ConfigSnapshot before, ConfigSnapshot after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, AppConfig> e : after.apps().entrySet()) {
            AppConfig old = before.apps().get(e.getKey());
            if (old == null) {
                added.add(e.getKey());
            } else if (old != e.getValue() && !old.equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        List<String> removed = new ArrayList<>();
        for (String name : before.apps().keySet()) {
            if (!after.apps().containsKey(name)) {
                removed.add(name);
            }
        }
        return new ConfigChange(added, removed, changed, !Objects.equals(before.gateway(), after.gateway()));
    }

    /** Compares only the apps named in {@code apps}, for a reload that looked at those files only. */
    public static ConfigChange between(ConfigSnapshot before, ConfigSnapshot after, Set<String> apps) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String name : new TreeSet<>(apps)) {
            AppConfig old = before.apps().get(name);
            AppConfig now = after.apps().get(name);
            if (old == null && now != null) {
                added.add(name);
            } else if (old != null && now == null) {
                removed.add(name);
            } else if (old != null && old != now && !old.equals(now)) {
                changed.add(name);
            }
        }
        return new ConfigChange(added, removed, changed, !Objects.equals(before.gateway(), after.gateway()));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && !gateway;
    }

    /** For the log: {@code 1 added (x), 2 changed (a, b), 0 removed}, long lists shortened. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "no change";
        }
        return part("added", added) + ", " + part("changed", changed) + ", " + part("removed", removed)
                + (gateway ? ", gateway.properties changed" : "");
    }

    private static String part(String what, List<String> names) {
        if (names.isEmpty()) {
            return "0 " + what;
        }
        List<String> shown = names.size() > 5 ? names.subList(0, 5) : names;
        return names.size() + " " + what + " (" + String.join(", ", shown) + (names.size() > 5 ? ", ..." : "") + ")";
    }
}
