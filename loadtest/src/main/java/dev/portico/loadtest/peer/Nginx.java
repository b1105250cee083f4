package dev.portico.loadtest.peer;

import dev.portico.loadtest.Durations;
import dev.portico.loadtest.app.AppUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx from the Debian package, configured like Portico: one {@code server} per app with its domains,
 * an upstream with keep-alive connections, the same forwarded headers, the app's response timeout, and,
 * when {@code perAppLimit} is set, {@code max_conns} = the app's workers (open-source nginx has no
 * upstream queue: beyond that it answers 502 at once).
 */
public final class Nginx implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Service service;

    public Nginx(Path dir) {
        this.dir = dir;
        this.port = Ports.free();
    }

    public int port() {
        return port;
    }

    private Certificates tls;
    private boolean http2;
    private int localAppPort;

    /**
     * Serves an app from nginx's own workers as well ({@code return 200}, on its own port), and forwards
     * only {@code Host} to the apps: the setup of the {@code perf-vs-nginx} acceptance check, where the
     * proxy and the app share nginx's processes. Call before {@link #start}.
     */
    public Nginx withLocalApp() {
        localAppPort = Ports.free();
        return this;
    }

    /** The port of the app nginx serves itself ({@link #withLocalApp}). */
    public int localAppPort() {
        return localAppPort;
    }

    /** Writes nginx.conf for {@code apps} ({@code tls}: cert and key, or null) and starts nginx. */
    public Nginx start(List<ProxyApp> apps, boolean perAppLimit, Certificates tls, boolean http2)
            throws IOException, InterruptedException {
        Path nginx = Programs.require("nginx", "nginx");
        this.tls = tls;
        this.http2 = http2;
        rewrite(apps, perAppLimit);
        service = Service.start("nginx", List.of(nginx.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-g", "daemon off;"), dir, dir.resolve("logs/nginx.out"));
        service.awaitPort(port, 20_000);
        return this;
    }

    /** Writes nginx.conf for {@code apps}; a running nginx reads it at {@link #reload}. */
    public void rewrite(List<ProxyApp> apps, boolean perAppLimit) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder servers = new StringBuilder();
        for (ProxyApp app : apps) {
            AppUri b = app.backend();
            String server = b.isUnix() ? "unix:" + b.socket() : b.host() + ":" + b.port();
            // with max_conns, a zone shares the count across nginx's worker processes
            servers.append("upstream app_").append(app.name()).append(" { ")
                    .append(perAppLimit ? "zone app_" + app.name() + " 64k; " : "").append("server ").append(server)
                    .append(perAppLimit ? " max_conns=" + app.workers() : "").append("; keepalive 128; }\n");
            String listen = tls != null ? "listen 127.0.0.1:" + port + " ssl" + (http2 ? " http2" : "") + ";"
                    : "listen 127.0.0.1:" + port + ";";
            servers.append("server { ").append(listen).append(" server_name ").append(String.join(" ", app.domains()))
                    .append(";\n");
            if (tls != null) {
                servers.append("  ssl_certificate ").append(tls.cert()).append("; ssl_certificate_key ")
                        .append(tls.key()).append(";\n");
            }
            String pass = b.protocol() == AppUri.Protocol.UWSGI
                    ? "include /etc/nginx/uwsgi_params; uwsgi_pass app_" + app.name() + "; uwsgi_read_timeout "
                    + Durations.format(app.responseTimeout()) + ";"
                    : "proxy_pass http://app_" + app.name() + "; proxy_http_version 1.1; proxy_set_header Connection \"\";"
                    + " proxy_set_header Host $host;" + (localAppPort != 0 ? "" // as the perf-vs-nginx check has it
                    : " proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"
                    + " proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Forwarded-Host $host;"
                    + " proxy_set_header X-Real-IP $remote_addr; proxy_set_header X-Request-Id $request_id;"
                    + " proxy_connect_timeout 2s; proxy_read_timeout " + Durations.format(app.responseTimeout()) + ";");
            servers.append("  location / { ").append(pass).append(" }\n}\n");
        }
        String tlsGlobal = tls == null ? "" : "ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:S:10m;\n";
        String conf = "worker_processes auto;\npid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("logs/error.log") + " warn;\nworker_rlimit_nofile 19000;\n"
                + "events { worker_connections 9000; }\nhttp {\naccess_log off;\n"
                // nginx closes a client connection after 1,000 requests by default (HTTP/2 included, and
                // h2load does not reconnect); Portico sets no such cap, so neither does the comparison
                + "keepalive_requests 1000000;\n"
                + "server_names_hash_max_size 1048576; server_names_hash_bucket_size 128;\n"
                + "client_body_temp_path " + dir.resolve("b") + "; proxy_temp_path " + dir.resolve("p") + ";\n"
                + "fastcgi_temp_path " + dir.resolve("f") + "; uwsgi_temp_path " + dir.resolve("u") + "; scgi_temp_path "
                + dir.resolve("s") + ";\n" + tlsGlobal
                + "server { listen 127.0.0.1:" + port + (tls != null ? " ssl" + (http2 ? " http2" : "") : "")
                + " default_server; " + (tls != null ? "ssl_certificate " + tls.cert() + "; ssl_certificate_key "
                + tls.key() + "; " : "") + "location / { return 404; } }\n" + servers
                + (localAppPort == 0 ? "" : "server { listen 127.0.0.1:" + localAppPort
                + "; location / { return 200 \"hello from the app\\n\"; } }\n") + "}\n";
        Path tmp = dir.resolve("nginx.conf.tmp");
        Files.writeString(tmp, conf);
        Files.move(tmp, dir.resolve("nginx.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code nginx -s reload}: re-reads the config; old workers finish their requests and exit. */
    public void reload() throws IOException, InterruptedException {
        Programs.run(List.of(Programs.require("nginx", "nginx").toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-s", "reload"), 30);
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
