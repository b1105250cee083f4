package dev.portico.gateway.config;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One endpoint of an app: protocol (HTTP/1.1 or uwsgi) over TCP or a unix socket, as written in
 * {@code backends = http://127.0.0.1:9001, uwsgi+unix:///run/apps/a.sock}.
 */
public record Backend(Protocol protocol, String host, int port, Path socket) {

    /** What the app speaks. */
    public enum Protocol { HTTP, UWSGI }

    public Backend {
        if (socket == null && (host == null || host.isEmpty() || port < 1 || port > 65535)) {
            throw new IllegalArgumentException("backend needs a host and a port 1..65535, or a socket path");
        }
    }

    public boolean isUnix() {
        return socket != null;
    }

    /** The address to connect to; resolved (never a lookup on the event loop) when it is an IP literal. */
    public SocketAddress address() {
        if (socket != null) {
            return new io.netty.channel.unix.DomainSocketAddress(socket.toString());
        }
        return new InetSocketAddress(host, port);
    }

    /** Parses {@code http://h:p}, {@code uwsgi://h:p}, {@code http+unix:///path}, {@code uwsgi+unix:///path}. */
    public static Backend parse(String text) {
        String s = text.trim();
        int sep = s.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("'" + text + "' (expected http://host:port, uwsgi://host:port, "
                    + "http+unix:///path.sock or uwsgi+unix:///path.sock)");
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = s.substring(sep + 3);
        Protocol protocol;
        boolean unix;
        switch (scheme) {
            case "http" -> { protocol = Protocol.HTTP; unix = false; }
            case "uwsgi" -> { protocol = Protocol.UWSGI; unix = false; }
            case "http+unix" -> { protocol = Protocol.HTTP; unix = true; }
            case "uwsgi+unix" -> { protocol = Protocol.UWSGI; unix = true; }
            default -> throw new IllegalArgumentException("'" + text + "': scheme '" + scheme
                    + "' (expected http, uwsgi, http+unix or uwsgi+unix)");
        }
        if (unix) {
            if (!rest.startsWith("/") || rest.length() < 2) {
                throw new IllegalArgumentException("'" + text + "' (expected an absolute socket path: "
                        + scheme + ":///run/apps/app.sock)");
            }
            return new Backend(protocol, null, 0, Path.of(rest));
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + text + "' (expected no path after host:port)");
        }
        ListenAddress hp;
        try {
            hp = ListenAddress.parse(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' (expected " + scheme + "://host:port)");
        }
        if (hp.port() == 0) {
            throw new IllegalArgumentException("'" + text + "': port 0 (expected 1..65535)");
        }
        return new Backend(protocol, hp.host(), hp.port(), null);
    }

    /** Cheap and stable: the connection pools look a backend up on every request. */
    @Override
    public int hashCode() {
        return socket != null ? socket.hashCode() : host.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        String scheme = protocol == Protocol.HTTP ? "http" : "uwsgi";
        if (socket != null) {
            return scheme + "+unix://" + socket;
        }
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
