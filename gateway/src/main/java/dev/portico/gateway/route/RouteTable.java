package dev.portico.gateway.route;

import java.util.HashMap;
import java.util.Map;

/**
 * Host to target: exact names first, then the longest {@code *.domain} wildcard that covers the host
 * (at any depth: {@code *.b.test} covers {@code a.b.test} and {@code x.a.b.test}). Immutable.
 *
 * @param <T> what a route leads to (the app)
 */
public final class RouteTable<T> {

    private final Map<String, T> exact;
    private final Map<String, T> wildcard; // keyed by the suffix after "*.", such as "b.test"

    private RouteTable(Map<String, T> exact, Map<String, T> wildcard) {
        this.exact = exact;
        this.wildcard = wildcard;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>(16);
    }

    /**
     * A table over maps built elsewhere (for example on several threads), which must not change
     * afterwards: exact names, and wildcards keyed by the suffix after {@code *.}.
     */
    public static <T> RouteTable<T> of(Map<String, T> exact, Map<String, T> wildcard) {
        return new RouteTable<>(exact, wildcard);
    }

    /** A builder sized for about {@code domains} domains (100,000 apps build without rehashing). */
    public static <T> Builder<T> builder(int domains) {
        return new Builder<>(domains);
    }

    /** The target for a normalised host (see {@link HostName#normalise}), or null. */
    public T lookup(String host) {
        T t = exact.get(host);
        if (t != null || wildcard.isEmpty()) {
            return t;
        }
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            t = wildcard.get(host.substring(dot + 1));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The suffix a {@code *.domain} wildcard covers ({@code b.test} for {@code *.b.test}), or null for an exact name. */
    public static String wildcardSuffix(String domain) {
        return domain.startsWith("*.") ? domain.substring(2) : null;
    }

    public int size() {
        return exact.size() + wildcard.size();
    }

    /** A builder holding a copy of this table, to change a few routes without adding every one again. */
    public Builder<T> toBuilder() {
        return new Builder<>(new HashMap<>(exact), new HashMap<>(wildcard));
    }

    /** Collects domains; the first owner of a domain wins (the config layer reports duplicates). */
    public static final class Builder<T> {
        private Map<String, T> exact;
        private Map<String, T> wildcard = new HashMap<>();

        private Builder(int domains) {
            exact = new HashMap<>(Math.max(16, domains * 4 / 3 + 1));
        }

        private Builder(Map<String, T> exact, Map<String, T> wildcard) {
            this.exact = exact;
            this.wildcard = wildcard;
        }

        /** Adds a normalised domain: {@code alice.example.com} or {@code *.alice.example.com}. */
        public Builder<T> add(String domain, T target) {
            String suffix = wildcardSuffix(domain);
            if (suffix != null) {
                wildcard.putIfAbsent(suffix, target);
            } else {
                exact.putIfAbsent(domain, target);
            }
            return this;
        }

        /** Removes a normalised domain's route, if it leads to {@code target}. */
        public Builder<T> remove(String domain, T target) {
            String suffix = wildcardSuffix(domain);
            if (suffix != null) {
                wildcard.remove(suffix, target);
            } else {
                exact.remove(domain, target);
            }
            return this;
        }

        /** The table; the builder hands its maps over and starts afresh, so a large table is not copied. */
        public RouteTable<T> build() {
            RouteTable<T> table = new RouteTable<>(exact, wildcard);
            exact = new HashMap<>();
            wildcard = new HashMap<>();
            return table;
        }
    }
}
