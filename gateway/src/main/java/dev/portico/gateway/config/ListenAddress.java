package dev.portico.gateway.config;

import java.net.InetSocketAddress;

/** A host:port to bind a listener to; port 0 asks the system for a free port (tests). */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected an address such as 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected 0..65535)");
        }
    }

    /** Parses {@code 127.0.0.1:8080}, {@code [::1]:8080} or {@code *:8080} (all addresses). */
    public static ListenAddress parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' (expected host:port, such as 127.0.0.1:8080)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "' (expected an IPv6 host in brackets: [::1]:8080)");
        }
        if (host.equals("*")) {
            host = "0.0.0.0";
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (expected a numeric port after the colon)");
        }
        return new ListenAddress(host, port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    public boolean isLoopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
