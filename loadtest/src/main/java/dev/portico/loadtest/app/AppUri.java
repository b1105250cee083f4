package dev.portico.loadtest.app;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import io.netty.channel.unix.DomainSocketAddress;

/**
 * Where an app listens and what it speaks, as the gateway's {@code backends} key writes it:
 * {@code http://127.0.0.1:9101}, {@code uwsgi://127.0.0.1:9102}, {@code http+unix:///tmp/x.sock},
 * {@code uwsgi+unix:///tmp/x.sock}. Port 0 binds a free port.
 */
public record AppUri(Protocol protocol, String host, int port, Path socket) {

    /** What the app speaks. */
    public enum Protocol { HTTP, UWSGI }

    public AppUri {
        if (socket == null && (host == null || host.isEmpty() || port < 0 || port > 65535)) {
            throw new IllegalArgumentException("an app needs host:port (port 0..65535) or a socket path");
        }
    }

    public boolean isUnix() {
        return socket != null;
    }

    public SocketAddress address() {
        return socket != null ? new DomainSocketAddress(socket.toString()) : new InetSocketAddress(host, port);
    }

    /** The same app on another port (the one actually bound when this said 0). */
    public AppUri withPort(int bound) {
        return socket != null ? this : new AppUri(protocol, host, bound, null);
    }

    public static AppUri parse(String text) {
        String s = text.trim();
        int sep = s.indexOf("://");
        String scheme = sep < 0 ? "" : s.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = sep < 0 ? "" : s.substring(sep + 3);
        Protocol protocol = switch (scheme) {
            case "http", "http+unix" -> Protocol.HTTP;
            case "uwsgi", "uwsgi+unix" -> Protocol.UWSGI;
            default -> throw new IllegalArgumentException("'" + text + "' (expected http://127.0.0.1:9101, "
                    + "uwsgi://127.0.0.1:9102, http+unix:///tmp/x.sock or uwsgi+unix:///tmp/x.sock)");
        };
        if (scheme.endsWith("+unix")) {
            if (!rest.startsWith("/") || rest.length() < 2) {
                throw new IllegalArgumentException("'" + text + "' (expected an absolute socket path: "
                        + scheme + ":///tmp/x.sock)");
            }
            return new AppUri(protocol, null, 0, Path.of(rest));
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int colon = rest.lastIndexOf(':');
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new AppUri(protocol, host, port, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' (expected " + scheme + "://host:port)");
        }
    }

    /**
     * {@code host:port} with a port from 1 to 65535 (an IPv6 host in brackets), read as {@link #parse}
     * reads an app's address; null when the text is not one.
     */
    public static InetSocketAddress hostPort(String text) {
        try {
            AppUri uri = parse("http://" + text);
            return uri.port() == 0 ? null : new InetSocketAddress(uri.host(), uri.port());
        } catch (IllegalArgumentException e) {
            return null;
        }
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
