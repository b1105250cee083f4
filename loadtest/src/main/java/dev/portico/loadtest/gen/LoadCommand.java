package dev.portico.loadtest.gen;

import dev.portico.loadtest.Durations;
import dev.portico.loadtest.Json;
import dev.portico.loadtest.app.AppUri;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code load URL}: one workload against any HTTP(S) URL on 127.0.0.1, printed and optionally saved as JSON. */
@Command(name = "load", description = "Send load to one URL: open loop at --rate, or --closed for peak throughput.")
public final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", description = "http://127.0.0.1:8080/ or https://127.0.0.1:8443/path")
    URI url;

    @Option(names = "--host", description = "Host header(s); several are picked at random (default: the URL's host)")
    List<String> hosts;

    @Option(names = "--rate", description = "requests per second (open loop)")
    Double rate;

    @Option(names = "--closed", description = "closed loop: each connection sends again as soon as it is answered")
    boolean closed;

    @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "how long (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--timeout", defaultValue = "10s", description = "a request's longest wait (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--new-connections", description = "a new connection (and TLS handshake) per request")
    boolean newConnections;

    @Option(names = "--ca", description = "HTTPS: the CA certificate (PEM) to trust")
    Path ca;

    @Option(names = "--tls-provider", defaultValue = "openssl", description = "openssl or jdk (default: ${DEFAULT-VALUE})")
    String tlsProvider;

    @Option(names = "--tls-resume", description = "HTTPS: resume TLS sessions on new connections")
    boolean tlsResume;

    @Option(names = "--tls-groups", description = "HTTPS, openssl provider: the key exchange groups to offer, "
            + "colon-separated (e.g. X25519 or X25519MLKEM768; default: the engine's own list)")
    String tlsGroups;

    @Option(names = "--proxy", description = "open a CONNECT tunnel through this forward proxy (host:port)")
    String proxy;

    @Option(names = "--proxy-auth", description = "account:token for Proxy-Authorization")
    String proxyAuth;

    @Option(names = "--threads", defaultValue = "1", description = "event loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", description = "write the result as JSON to this file")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (closed == (rate != null)) {
            System.err.println("load: give either --rate N (open loop) or --closed (expected one of them)");
            return 2;
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        Target target = new Target(url.getHost(), port, hosts == null ? List.of(url.getHost()) : hosts, path, null, null);
        if (https) {
            if (ca == null) {
                System.err.println("load: https needs --ca FILE (the CA that signed the server's certificate)");
                return 2;
            }
            try {
                target = target.withTls(new Target.Tls(ca, tlsProvider, tlsResume, tlsGroups));
            } catch (IllegalArgumentException e) {
                System.err.println("load: " + e.getMessage()); // an unknown --tls-provider, or --tls-groups without openssl
                return 2;
            }
        }
        if (proxy != null) {
            InetSocketAddress at = AppUri.hostPort(proxy);
            if (at == null) {
                System.err.println("load: --proxy " + proxy + " (expected host:port, such as 127.0.0.1:3128)");
                return 2;
            }
            target = target.withTunnel(new Target.Tunnel(at.getHostString(), at.getPort(), proxyAuth));
        }
        Plan plan = closed ? Plan.closed(connections, Durations.parse(duration))
                : Plan.open(rate, connections, Durations.parse(duration));
        plan = plan.withTimeout(Durations.parse(timeout));
        if (newConnections) {
            plan = plan.newConnections();
        }
        System.err.println("load: " + target.describe() + ", " + plan.describe());
        try (Generator g = new Generator(threads, System.err)) {
            FlowResult r = g.run(List.of(new Workload("load", target, plan))).get(0);
            System.out.println(Json.MAPPER.writeValueAsString(r));
            if (out != null) {
                Json.write(out, r);
            }
            return r.failures() == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            // the TLS client is built when the run starts: an unreadable --ca, a --tls-groups name the
            // engine does not know
            System.err.println("load: " + e.getMessage());
            return 2;
        }
    }
}
