package dev.portico.loadtest.peer;

import dev.portico.loadtest.Durations;
import dev.portico.loadtest.app.AppUri;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app as every proxy under test is told about it: its domains, its backend, and its per-app limits
 * (workers in flight, a queue of {@code queueSize} for at most {@code queueTimeout}, the response
 * timeout). Portico, nginx and HAProxy configs are all written from this.
 */
public record ProxyApp(String name, List<String> domains, AppUri backend, int workers, int queueSize,
                       Duration queueTimeout, Duration responseTimeout) {

    public ProxyApp {
        domains = List.copyOf(domains);
    }

    /** An app without meaningful limits (the throughput benchmarks). */
    public static ProxyApp unlimited(String name, String domain, AppUri backend) {
        return new ProxyApp(name, List.of(domain), backend, 1024, 1024, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** Portico's {@code apps/<name>.properties} keys. */
    public Map<String, String> porticoKeys() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("domains", String.join(", ", domains));
        p.put("backends", backend.toString());
        p.put("workers", Integer.toString(workers));
        p.put("queue.size", Integer.toString(queueSize));
        p.put("queue.timeout", Durations.format(queueTimeout));
        p.put("timeout.connect", "2s");
        p.put("timeout.response", Durations.format(responseTimeout));
        return p;
    }
}
