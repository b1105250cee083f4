package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code gateway.properties}: listeners, TLS, admin, global limits and timeouts. */
public record GatewayConfig(
        Listeners listen,
        Optional<Path> tlsCerts,
        String tlsProvider,
        Tls tls,
        Optional<String> adminToken,
        List<Cidr> trustedProxies,
        Connections connections,
        HttpLimits http,
        int eventLoops,
        Duration shutdownGrace,
        Logs logs) {

    public GatewayConfig {
        requireNonNull(listen, "listen");
        requireNonNull(tlsCerts, "tlsCerts");
        requireNonNull(tlsProvider, "tlsProvider");
        requireNonNull(tls, "tls");
        requireNonNull(adminToken, "adminToken");
        trustedProxies = List.copyOf(trustedProxies);
        requireNonNull(connections, "connections");
        requireNonNull(http, "http");
        requireNonNull(shutdownGrace, "shutdownGrace");
        requireNonNull(logs, "logs");
        if (eventLoops < 0) {
            throw new IllegalArgumentException("event.loops: " + eventLoops + " (expected >= 0; 0 = one per core)");
        }
    }

    /** The bound ports; any may be absent. */
    public record Listeners(Optional<ListenAddress> http, Optional<ListenAddress> https,
                            Optional<ListenAddress> admin, Optional<ListenAddress> egress) {
        public Listeners {
            requireNonNull(http, "http");
            requireNonNull(https, "https");
            requireNonNull(admin, "admin");
            requireNonNull(egress, "egress");
        }
    }

    /** Downstream connection caps: in total, and per visitor address. */
    public record Connections(int max, int perAddress) {
        public Connections {
            if (max < 1 || perAddress < 1) {
                throw new IllegalArgumentException("connections: " + max + "/" + perAddress + " (expected > 0)");
            }
        }
    }

    /**
     * Limits on what a visitor may send: request line and head sizes (414/431), the time to send a
     * head (408), how long an idle keep-alive connection is kept, and HTTP/2 limits: streams open at
     * once, streams handed to the proxy at once (the others wait their turn on their connection), and
     * RST_STREAM frames a second.
     */
    public record HttpLimits(int maxUri, int maxHeader, Duration headerTimeout, Duration idleTimeout,
                             int maxConcurrentStreams, int maxInflightStreams, int maxResetsPerSecond) {
        public HttpLimits {
            requireNonNull(headerTimeout, "headerTimeout");
            requireNonNull(idleTimeout, "idleTimeout");
        }
    }

    /**
     * TLS tuning beyond the certificate folder: how many certificates may hold a built context at once
     * (the rest are built on their next handshake), and whether OCSP responses are stapled.
     */
    public record Tls(int contexts, boolean ocsp) {
        public Tls {
            if (contexts < 1) {
                throw new IllegalArgumentException("tls.contexts: " + contexts + " (expected > 0)");
            }
        }
    }

    /** Per-app access and error logs: folder (none = off), rotation size and how many files are kept. */
    public record Logs(Optional<Path> dir, long maxSize, int keep) {
        public Logs {
            requireNonNull(dir, "dir");
        }
    }
}
