package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One app, as written in {@code apps/<name>.properties}: the domains it owns, its endpoints, and the
 * limits that keep it from hurting its neighbours. Immutable; a change builds a new instance.
 */
public record AppConfig(
        String name,
        List<String> domains,
        List<Backend> backends,
        Limits limits,
        Timeouts timeouts,
        long maxBody,
        Circuit circuit,
        StaticFiles staticFiles,
        WebSockets webSockets,
        BasicAuth auth,
        HttpsPolicy https) {

    public AppConfig {
        requireNonNull(name, "name");
        domains = List.copyOf(domains);
        backends = List.copyOf(backends);
        requireNonNull(limits, "limits");
        requireNonNull(timeouts, "timeouts");
        requireNonNull(circuit, "circuit");
        requireNonNull(staticFiles, "staticFiles");
        requireNonNull(webSockets, "webSockets");
        requireNonNull(auth, "auth");
        requireNonNull(https, "https");
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("domains: empty (expected at least one)");
        }
        if (backends.isEmpty() && staticFiles.mappings().isEmpty()) {
            throw new IllegalArgumentException("backends: empty (expected at least one, or a static mapping)");
        }
        if (maxBody < 0) {
            throw new IllegalArgumentException("maxBody: " + maxBody + " (expected >= 0)");
        }
    }

    /**
     * Admission limits: at most {@code workers} requests in flight to the app, {@code queueSize} more
     * waiting at most {@code queueTimeout}; optionally {@code rate} requests per second with a burst.
     * A {@code queue_full} answer is held for {@code fullDelay} (never longer than the queue timeout) so
     * that clients retrying in a tight loop cannot turn one overloaded app into a storm for its neighbours.
     */
    public record Limits(int workers, int queueSize, Duration queueTimeout, double rate, int rateBurst,
                         Duration fullDelay) {
        public Limits {
            requireNonNull(fullDelay, "fullDelay");
            if (workers < 1) {
                throw new IllegalArgumentException("workers: " + workers + " (expected > 0)");
            }
            if (queueSize < 0) {
                throw new IllegalArgumentException("queue.size: " + queueSize + " (expected >= 0)");
            }
            requireNonNull(queueTimeout, "queueTimeout");
            if (rate < 0 || rateBurst < 0) {
                throw new IllegalArgumentException("rate: " + rate + " (expected >= 0)");
            }
        }

        public boolean rateLimited() {
            return rate > 0;
        }
    }

    /** How long to wait for a connection, and for the response head once the request went out. */
    public record Timeouts(Duration connect, Duration response) {
        public Timeouts {
            requireNonNull(connect, "connect");
            requireNonNull(response, "response");
        }
    }

    /** An endpoint's breaker opens after {@code failures} consecutive failures, for {@code openFor}. */
    public record Circuit(int failures, Duration openFor) {
        public Circuit {
            if (failures < 1) {
                throw new IllegalArgumentException("circuit.failures: " + failures + " (expected > 0)");
            }
            requireNonNull(openFor, "openFor");
        }
    }

    /** {@code static.<prefix> = <folder>} mappings, longest prefix first, and how they answer. */
    public record StaticFiles(List<Mapping> mappings, Optional<Duration> cache, boolean index) {
        public StaticFiles {
            mappings = List.copyOf(mappings);
            requireNonNull(cache, "cache");
        }

        /** One URL prefix served from one folder. */
        public record Mapping(String prefix, Path folder) {
            public Mapping {
                requireNonNull(prefix, "prefix");
                requireNonNull(folder, "folder");
            }
        }
    }

    /** Open WebSockets: closed after {@code idle} without traffic; at most {@code max} at once. */
    public record WebSockets(Duration idle, int max) {
        public WebSockets {
            requireNonNull(idle, "idle");
        }
    }

    /** HTTP basic auth in front of the whole app; empty {@code users} means none. */
    public record BasicAuth(List<User> users, boolean forward, String realm) {
        public BasicAuth {
            users = List.copyOf(users);
            requireNonNull(realm, "realm");
        }

        public boolean enabled() {
            return !users.isEmpty();
        }

        /** A user and the hash of their password: bcrypt ({@code $2y$...}) or {@code {sha256}<hex>}. */
        public record User(String name, String hash) {
        }
    }

    /** Plain-HTTP visitors redirected to HTTPS; {@code hsts} the Strict-Transport-Security value, if any. */
    public record HttpsPolicy(boolean force, Optional<String> hsts) {
        public HttpsPolicy {
            requireNonNull(hsts, "hsts");
        }
    }

    /** The file this app is read from, relative to the config folder. */
    public static Path fileOf(Path configFolder, String app) {
        return configFolder.resolve("apps").resolve(app + ".properties");
    }
}
