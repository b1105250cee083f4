package dev.portico.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code gateway.properties}. */
public final class GatewayConfigParser {

    public static final String KNOWN_KEYS = "listen.http, listen.https, listen.admin, listen.egress, tls.certs, "
            + "tls.provider, tls.contexts, tls.ocsp, admin.token, trusted.proxies, connections.max, "
            + "connections.per.address, max.uri, max.header, timeout.header, timeout.idle, http2.max.streams, "
            + "http2.max.inflight, http2.max.resets, event.loops, shutdown.grace, logs.dir, logs.max.size, logs.keep";

    private GatewayConfigParser() {
    }

    public static Optional<GatewayConfig> parse(PropertiesFile file, Path configFolder) {
        int before = file.problemCount();
        var listen = new GatewayConfig.Listeners(
                file.parsed("listen.http", ListenAddress::parse),
                file.parsed("listen.https", ListenAddress::parse),
                file.parsed("listen.admin", ListenAddress::parse),
                file.parsed("listen.egress", ListenAddress::parse));
        Optional<Path> certs = file.string("tls.certs").filter(s -> !s.isEmpty())
                .map(s -> configFolder.resolve(s).normalize());
        if (listen.https().isPresent() && certs.isEmpty()) {
            file.problem("tls.certs", "missing (expected the certificate folder when listen.https is set)");
        }
        String provider = file.string("tls.provider", "openssl");
        if (!provider.equals("openssl") && !provider.equals("jdk")) {
            file.problem("tls.provider", "'" + provider + "' (expected openssl or jdk)");
        }
        var tls = new GatewayConfig.Tls(file.integer("tls.contexts", 1_000, 1, 1_000_000),
                file.bool("tls.ocsp", false));
        Optional<String> token = file.string("admin.token").filter(s -> !s.isEmpty());
        List<Cidr> trusted = new ArrayList<>();
        file.string("trusted.proxies").ifPresent(v -> {
            for (String c : Values.list(v)) {
                try {
                    trusted.add(Cidr.parse(c));
                } catch (IllegalArgumentException e) {
                    file.problem("trusted.proxies", e.getMessage());
                }
            }
        });
        var connections = new GatewayConfig.Connections(
                file.integer("connections.max", 20_000, 1, 10_000_000),
                file.integer("connections.per.address", 1_000, 1, 10_000_000));
        var http = new GatewayConfig.HttpLimits(
                (int) file.size("max.uri", 8 * 1024, 256),
                (int) file.size("max.header", 16 * 1024, 1024),
                file.duration("timeout.header", Duration.ofSeconds(10), Duration.ofMillis(10)),
                file.duration("timeout.idle", Duration.ofSeconds(75), Duration.ofMillis(10)),
                file.integer("http2.max.streams", 128, 1, 10_000),
                file.integer("http2.max.inflight", 16, 1, 10_000),
                file.integer("http2.max.resets", 100, 1, 1_000_000));
        int loops = file.integer("event.loops", 0, 0, 1024);
        Duration grace = file.duration("shutdown.grace", Duration.ofSeconds(30), Duration.ZERO);
        var logs = new GatewayConfig.Logs(
                file.string("logs.dir").filter(s -> !s.isEmpty()).map(s -> configFolder.resolve(s).normalize()),
                file.size("logs.max.size", 100L * 1024 * 1024, 1024),
                file.integer("logs.keep", 7, 1, 1000));
        file.rejectUnknownKeys(List.of(), KNOWN_KEYS);
        if (file.problemCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new GatewayConfig(listen, certs, provider, tls, token, trusted, connections, http, loops,
                grace, logs));
    }
}
