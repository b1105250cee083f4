package dev.portico.loadtest.peer;

import dev.portico.loadtest.app.AppUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HAProxy from the Debian package, configured like Portico: routing by Host through a map, the same
 * forwarded headers, keep-alive to the backend, and per app the equivalent of Portico's limits:
 * {@code maxconn} = workers, {@code maxqueue} = queue.size, {@code timeout queue} = queue.timeout
 * (beyond them HAProxy answers 503).
 */
public final class Haproxy implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Service service;

    public Haproxy(Path dir) {
        this.dir = dir;
        this.port = Ports.free();
    }

    public int port() {
        return port;
    }

    public Haproxy start(List<ProxyApp> apps, int threads) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        StringBuilder map = new StringBuilder();
        StringBuilder backends = new StringBuilder();
        for (ProxyApp app : apps) {
            for (String d : app.domains()) {
                map.append(d).append(' ').append("be_").append(app.name()).append('\n');
            }
            AppUri b = app.backend();
            if (b.protocol() != AppUri.Protocol.HTTP) {
                throw new IllegalArgumentException("HAProxy speaks HTTP to backends, not uwsgi: " + b);
            }
            String server = b.isUnix() ? "unix@" + b.socket() : b.host() + ":" + b.port();
            backends.append("backend be_").append(app.name()).append("\n  timeout queue ")
                    .append(app.queueTimeout().toMillis()).append("ms\n  timeout server ")
                    .append(app.responseTimeout().toMillis()).append("ms\n  server s1 ").append(server)
                    .append(" maxconn ").append(app.workers()).append(" maxqueue ").append(app.queueSize()).append('\n');
        }
        Files.writeString(dir.resolve("hosts.map"), map);
        String cfg = "global\n  nbthread " + threads + "\n  maxconn 9000\n\n"
                + "defaults\n  mode http\n  timeout connect 2s\n  timeout client 75s\n  timeout server 60s\n"
                + "  timeout http-keep-alive 75s\n  option http-keep-alive\n  http-reuse always\n\n"
                + "frontend fe\n  bind 127.0.0.1:" + port + "\n  option forwardfor\n"
                + "  http-request set-header X-Forwarded-Proto http\n  http-request set-header X-Forwarded-Host %[req.hdr(host)]\n"
                + "  http-request set-header X-Real-IP %[src]\n  unique-id-format %{+X}o%ci%cp%fp%Ts%rt%pid\n"
                + "  http-request set-header X-Request-Id %[unique-id]\n"
                + "  use_backend %[req.hdr(host),lower,field(1,:),map(" + dir.resolve("hosts.map") + ",be_none)]\n\n"
                + backends + "backend be_none\n  http-request return status 404\n";
        return run(cfg);
    }

    /**
     * A plain TCP relay to {@code host:targetPort}, no HTTP, its bytes moved kernel-side with
     * {@code splice(2)} both ways: what a CONNECT tunnel does once it is open, done by HAProxy.
     */
    public Haproxy startTcpRelay(String host, int targetPort, int threads) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        // splicing takes a pipe (two descriptors) per connection: a smaller maxconn keeps HAProxy's
        // descriptor estimate within the usual limit
        String cfg = "global\n  nbthread " + threads + "\n  maxconn 1000\n\n"
                + "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 75s\n  timeout server 75s\n"
                + "  option splice-request\n  option splice-response\n\n"
                + "listen relay\n  bind 127.0.0.1:" + port + "\n  server s1 " + host + ":" + targetPort + "\n";
        return run(cfg);
    }

    private Haproxy run(String cfg) throws IOException, InterruptedException {
        Path haproxy = Programs.require("haproxy", "haproxy");
        Files.writeString(dir.resolve("haproxy.cfg"), cfg);
        service = Service.start("haproxy", List.of(haproxy.toString(), "-db", "-f", dir.resolve("haproxy.cfg").toString()),
                dir, dir.resolve("haproxy.out"));
        service.awaitPort(port, 20_000);
        return this;
    }

    public Service service() {
        return service;
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
