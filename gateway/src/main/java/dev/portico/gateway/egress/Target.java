package dev.portico.gateway.egress;

import dev.portico.gateway.config.HostForm;

/**
 * Where a client asks to go: the host as written, its {@link HostForm} (null when the host is not a
 * valid name or address, {@code problem} then says why), and the port.
 */
record Target(String written, HostForm host, String problem, int port) {

    /**
     * Reads {@code authority} ({@code host:port}, {@code [v6]:port}, or {@code host} when
     * {@code defaultPort > 0}); throws IllegalArgumentException when it is not an authority at all.
     */
    static Target parse(String authority, int defaultPort) {
        String host = authority;
        int port = defaultPort;
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("'" + authority
                    + "': credentials go in the Proxy-Authorization header, not in the address");
        }
        if (colon > close && (close >= 0 || authority.indexOf(':') == colon)) {
            host = authority.substring(0, colon);
            port = port(authority.substring(colon + 1), authority);
        }
        if (port <= 0) {
            throw new IllegalArgumentException("'" + authority + "': no port (expected host:port, such as "
                    + "example.com:443)");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + authority + "': no host (expected host:port)");
        }
        try {
            return new Target(host, HostForm.parse(host), null, port);
        } catch (IllegalArgumentException e) {
            return new Target(host, null, e.getMessage(), port);
        }
    }

    private static int port(String digits, String authority) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + authority + "': port (expected 1..65535)");
        }
        int p = Integer.parseInt(digits);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + authority + "': port " + p + " (expected 1..65535)");
        }
        return p;
    }

    /** The host for logs and messages: normalised when valid, as written otherwise. */
    String hostText() {
        return host != null ? host.toString() : written;
    }

    /** {@code host:port} as the Host header of a forwarded request carries it (the port only when not 80). */
    String hostHeader() {
        return port == 80 ? hostText() : hostText() + ":" + port;
    }

    @Override
    public String toString() {
        return hostText() + ":" + port;
    }
}
