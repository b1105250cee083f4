package dev.portico.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads one {@code apps/<name>.properties} into an {@link AppConfig}, or reports why it cannot. */
public final class AppConfigParser {

    /** Every key an app file may hold, for the "unknown key" message. */
    public static final String KNOWN_KEYS = "domains, backends, workers, queue.size, queue.timeout, "
            + "queue.full.delay, rate, rate.burst, timeout.connect, timeout.response, max.body, circuit.failures, "
            + "circuit.open, static.<prefix>, static.cache, static.index, websocket.idle, websocket.max, auth.basic, "
            + "auth.forward, auth.realm, https.force, hsts";

    /** What an app's name (its file's name) may be; {@link #validAppName} checks the same by hand. */
    public static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern SHA256 = Pattern.compile("\\{sha256}[0-9a-fA-F]{64}");

    // defaults and minimums, made once rather than per app file (100,000 files make 800,000 of them)
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FULL_DELAY = Duration.ofMillis(200);
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration RESPONSE = Duration.ofSeconds(60);
    private static final Duration CIRCUIT_OPEN = Duration.ofSeconds(10);
    private static final Duration WEBSOCKET_IDLE = Duration.ofMinutes(10);
    private static final Duration MILLISECOND = Duration.ofMillis(1);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private AppConfigParser() {
    }

    /** Parses {@code file}; returns empty when it has problems, which are added to {@code file}'s list. */
    public static Optional<AppConfig> parse(String name, PropertiesFile file, Path configFolder) {
        int before = problemCount(file);
        if (!validAppName(name)) {
            file.problem("", "app name '" + name + "' (expected letters, digits, '.', '_' or '-' in the file name)");
        }
        List<String> domains = new ArrayList<>();
        file.required("domains", "a comma-separated list such as alice.example.com, *.alice.example.com")
                .ifPresent(v -> {
                    for (String d : Values.list(v)) {
                        String norm = normaliseDomain(d);
                        if (norm == null) {
                            file.problem("domains", "'" + d + "' (expected a host name such as alice.example.com"
                                    + " or a wildcard such as *.alice.example.com)");
                        } else if (domains.contains(norm)) {
                            file.problem("domains", "'" + d + "' is listed twice (expected each domain once)");
                        } else {
                            domains.add(norm);
                        }
                    }
                });
        List<Backend> backends = new ArrayList<>();
        file.string("backends").ifPresent(v -> {
            for (String b : Values.list(v)) {
                try {
                    backends.add(Backend.parse(b));
                } catch (IllegalArgumentException e) {
                    file.problem("backends", e.getMessage());
                }
            }
        });

        int workers = file.integer("workers", 4, 1, 100_000);
        int queueSize = file.integer("queue.size", 32, 0, 1_000_000);
        Duration queueTimeout = file.duration("queue.timeout", QUEUE_TIMEOUT, Duration.ZERO);
        Duration fullDelay = file.duration("queue.full.delay", FULL_DELAY, Duration.ZERO);
        double rate = file.number("rate", 0, 0);
        int burst = file.integer("rate.burst", (int) Math.max(1, Math.ceil(rate)), 1, 1_000_000);
        Duration connect = file.duration("timeout.connect", CONNECT, MILLISECOND);
        Duration response = file.duration("timeout.response", RESPONSE, MILLISECOND);
        long maxBody = file.size("max.body", 100L * 1024 * 1024, 0);
        int circuitFailures = file.integer("circuit.failures", 5, 1, 1_000_000);
        Duration circuitOpen = file.duration("circuit.open", CIRCUIT_OPEN, MILLISECOND);

        List<AppConfig.StaticFiles.Mapping> mappings = new ArrayList<>();
        for (String key : file.keys("static./")) {
            String prefix = key.substring("static.".length());
            file.required(key, "a folder").ifPresent(folder -> {
                Path p = configFolder.resolve(folder).normalize();
                if (prefix.contains("..") || prefix.contains("//")) {
                    file.problem(key, "prefix '" + prefix + "' (expected a plain URL path such as /static/)");
                } else if (!Files.isDirectory(p)) {
                    file.problem(key, "folder " + p + " does not exist (expected an existing folder)");
                } else {
                    mappings.add(new AppConfig.StaticFiles.Mapping(prefix, p));
                }
            });
        }
        mappings.sort(Comparator.comparingInt((AppConfig.StaticFiles.Mapping m) -> m.prefix().length()).reversed());
        Optional<Duration> cache = file.parsed("static.cache", Values::duration);
        boolean index = file.bool("static.index", false);

        Duration wsIdle = file.duration("websocket.idle", WEBSOCKET_IDLE, SECOND);
        int wsMax = file.integer("websocket.max", 1000, 0, 10_000_000);

        List<AppConfig.BasicAuth.User> users = new ArrayList<>();
        file.string("auth.basic").ifPresent(v -> {
            for (String entry : Values.list(v)) {
                int colon = entry.indexOf(':');
                String user = colon > 0 ? entry.substring(0, colon) : "";
                String hash = colon > 0 ? entry.substring(colon + 1) : "";
                if (user.isEmpty() || !(BCRYPT.matcher(hash).matches() || SHA256.matcher(hash).matches())) {
                    file.problem("auth.basic", "'" + abbreviate(entry) + "' (expected user:$2y$... (bcrypt) or "
                            + "user:{sha256}<64 hex digits>)");
                } else {
                    users.add(new AppConfig.BasicAuth.User(user, hash));
                }
            }
        });
        boolean authForward = file.bool("auth.forward", false);
        String realm = file.string("auth.realm", name);

        boolean force = file.bool("https.force", false);
        Optional<String> hsts = file.parsed("hsts", AppConfigParser::hsts);

        file.rejectUnknownKeys(List.of("static./"), KNOWN_KEYS);
        if (backends.isEmpty() && mappings.isEmpty() && !file.has("backends")) {
            file.problem("backends", "missing (expected a list such as http://127.0.0.1:9001, uwsgi://127.0.0.1:9002)");
        } else if (backends.isEmpty() && mappings.isEmpty() && problemCount(file) == before) {
            file.problem("backends", "empty (expected at least one backend, or a static./prefix/ mapping)");
        }
        if (problemCount(file) > before) {
            return Optional.empty();
        }
        return Optional.of(new AppConfig(name, domains, SharedValues.of(List.copyOf(backends)),
                SharedValues.of(new AppConfig.Limits(workers, queueSize, queueTimeout, rate, rate > 0 ? burst : 0,
                        fullDelay)),
                SharedValues.of(new AppConfig.Timeouts(connect, response)),
                maxBody,
                SharedValues.of(new AppConfig.Circuit(circuitFailures, circuitOpen)),
                SharedValues.of(new AppConfig.StaticFiles(mappings, cache, index)),
                SharedValues.of(new AppConfig.WebSockets(wsIdle, wsMax)),
                new AppConfig.BasicAuth(users, authForward, realm),
                SharedValues.of(new AppConfig.HttpsPolicy(force, hsts))));
    }

    /** Lower case, trailing dot removed; null when it is not a host name or {@code *.}-wildcard. */
    public static String normaliseDomain(String d) {
        String s = d.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > 253 || !validDomain(s)) {
            return null;
        }
        return s;
    }

    /**
     * Whether {@code name} matches {@link #APP_NAME}. Checked by hand rather than by the pattern: with
     * 100,000 app files, the regular expressions' compiled code cost more start-up time than the rest
     * of the parse.
     */
    public static boolean validAppName(String name) {
        int n = name.length();
        if (n == 0 || n > 128 || !alnum(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!alnum(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** A lower-case host name, or {@code *.} and one: labels of 1..63 of a-z 0-9 _ -, no '-' at either end. */
    private static boolean validDomain(String s) {
        int i = s.startsWith("*.") ? 2 : 0;
        if (i == s.length()) {
            return false;
        }
        int labelStart = i;
        for (; i <= s.length(); i++) {
            char c = i == s.length() ? '.' : s.charAt(i);
            if (c == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** {@code 365d} becomes {@code max-age=31536000}; a full header value is kept as written. */
    private static String hsts(String v) {
        if (v.toLowerCase(Locale.ROOT).startsWith("max-age=")) {
            return v;
        }
        try {
            return "max-age=" + Values.duration(v).toSeconds();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + v + "' (expected a duration such as 365d, or a header value "
                    + "such as max-age=31536000; includeSubDomains)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "..." : s;
    }

    private static int problemCount(PropertiesFile file) {
        return file.problemCount();
    }
}
