package dev.portico.loadtest.gen;

import java.nio.file.Path;
import java.util.List;

/**
 * Where requests go: {@code address:port} (an IP literal; only 127.0.0.1 is used), the Host headers to
 * send (one picked at random per request when several), the path, and optionally TLS and a CONNECT
 * tunnel through a forward proxy (then {@code address:port} is the tunnel's destination).
 */
public record Target(String address, int port, List<String> hosts, String path, Tls tls, Tunnel tunnel) {

    /**
     * HTTPS: trust {@code ca}; {@code provider} is {@code openssl} or {@code jdk}; {@code resume} reuses
     * sessions; {@code groups} are the key exchange groups the client offers, colon-separated in OpenSSL's
     * names (e.g. {@code X25519}), or null for the engine's own list (BoringSSL's starts with the
     * post-quantum hybrid {@code X25519MLKEM768}). Only the openssl provider takes a list.
     */
    public record Tls(Path ca, String provider, boolean resume, String groups) {
        public Tls {
            if (!provider.equals("openssl") && !provider.equals("jdk")) {
                throw new IllegalArgumentException("tls provider '" + provider + "' (expected openssl or jdk)");
            }
            if (groups != null && !provider.equals("openssl")) {
                throw new IllegalArgumentException("tls groups '" + groups + "' need the openssl provider");
            }
        }

        public Tls(Path ca, String provider, boolean resume) {
            this(ca, provider, resume, null);
        }
    }

    /** A forward proxy that opens the tunnel; {@code credentials} is {@code account:token} or null. */
    public record Tunnel(String address, int port, String credentials) {
    }

    public Target {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("a target needs at least one Host header");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' (expected it to start with /)");
        }
        hosts = List.copyOf(hosts);
    }

    /** Plain HTTP to 127.0.0.1:{@code port} with one Host header. */
    public static Target http(int port, String host, String path) {
        return new Target("127.0.0.1", port, List.of(host), path, null, null);
    }

    public Target withTls(Tls t) {
        return new Target(address, port, hosts, path, t, tunnel);
    }

    public Target withTunnel(Tunnel t) {
        return new Target(address, port, hosts, path, tls, t);
    }

    public Target withPath(String p) {
        return new Target(address, port, hosts, p, tls, tunnel);
    }

    public String describe() {
        String scheme = tls != null ? "https" : "http";
        String via = tunnel == null ? "" : " via CONNECT " + tunnel.address() + ":" + tunnel.port();
        String host = hosts.size() == 1 ? hosts.get(0) : hosts.size() + " hosts";
        return scheme + "://" + address + ":" + port + path + " (Host: " + host + ")" + via;
    }
}
