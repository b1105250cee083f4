package dev.portico.gateway.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Owns every metric name and the registry they live in. Label {@code app} is always a configured app
 * name (or {@code -} for requests that matched none), never a raw Host, so cardinality stays bounded.
 */
public final class Metrics {

    public static final String NO_APP = "-";

    private static final double[] LATENCY_BUCKETS = {
        .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram requestSeconds;
    private final Counter rejections;
    private final Counter upstreamFailures;
    private final Counter egressRequests;
    private final Counter configReloads;
    private final Counter tlsHandshakes;
    private final Histogram tlsHandshakeSeconds;
    private final Counter logDrops;

    public Metrics() {
        requests = Counter.builder().name("portico_requests_total")
                .help("Requests answered, by app and status code").labelNames("app", "code")
                .withoutExemplars().register(registry);
        requestSeconds = Histogram.builder().name("portico_request_duration_seconds")
                .help("Time from request head to the end of the response, by app").labelNames("app")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
        rejections = Counter.builder().name("portico_rejections_total")
                .help("Requests the gateway refused to protect an app (queue_full, queue_timeout, rate_limited, "
                        + "circuit_open, websocket_limit, ...)")
                .labelNames("app", "reason").withoutExemplars().register(registry);
        upstreamFailures = Counter.builder().name("portico_upstream_failures_total")
                .help("Failures talking to an app's endpoints (connect, reset, timeout, protocol, truncated)")
                .labelNames("app", "reason").withoutExemplars().register(registry);
        egressRequests = Counter.builder().name("portico_egress_requests_total")
                .help("Egress proxy decisions by account tier").labelNames("tier", "decision")
                .withoutExemplars().register(registry);
        configReloads = Counter.builder().name("portico_config_reloads_total")
                .help("Config folder reloads by result").labelNames("result").withoutExemplars().register(registry);
        configReloads.labelValues("success");
        configReloads.labelValues("failure");
        tlsHandshakes = Counter.builder().name("portico_tls_handshakes_total")
                .help("TLS handshakes by result").labelNames("result").withoutExemplars().register(registry);
        tlsHandshakeSeconds = Histogram.builder().name("portico_tls_handshake_duration_seconds")
                .help("TLS handshake time").classicOnly()
                .classicUpperBounds(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1)
                .withoutExemplars().register(registry);
        logDrops = Counter.builder().name("portico_log_lines_dropped_total")
                .help("Access and error log lines dropped because the disk could not keep up")
                .withoutExemplars().register(registry);
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Per-app data points, cached by the app so the hot path does no label lookups. */
    public AppMetrics forApp(String app) {
        return new AppMetrics(app, this);
    }

    CounterDataPoint requestCounter(String app, int code) {
        return requests.labelValues(app, Integer.toString(code));
    }

    CounterDataPoint rejectionCounter(String app, String reason) {
        return rejections.labelValues(app, reason);
    }

    DistributionDataPoint requestTimer(String app) {
        return requestSeconds.labelValues(app);
    }

    public void request(String app, int code, long nanos) {
        requests.labelValues(app, Integer.toString(code)).inc();
        requestSeconds.labelValues(app).observe(nanos / 1e9);
    }

    public void rejection(String app, String reason) {
        rejections.labelValues(app, reason).inc();
    }

    public void upstreamFailure(String app, String reason) {
        upstreamFailures.labelValues(app, reason).inc();
    }

    public void egress(String tier, String decision) {
        egressRequests.labelValues(tier, decision).inc();
    }

    public void configReload(boolean success) {
        configReloads.labelValues(success ? "success" : "failure").inc();
    }

    public void tlsHandshake(String result, long nanos) {
        tlsHandshakes.labelValues(result).inc();
        if (nanos > 0) {
            tlsHandshakeSeconds.observe(nanos / 1e9);
        }
    }

    public void logLineDropped() {
        logDrops.inc();
    }

    /**
     * Registers a gauge whose values are read at scrape time: {@code source} calls
     * {@code callback.call(value, labelValues...)} once per series.
     */
    public void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> source, String... labelNames) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labelNames).callback(source).register(registry);
    }

    /** Writes the Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    public String contentType() {
        return writer.getContentType();
    }
}
