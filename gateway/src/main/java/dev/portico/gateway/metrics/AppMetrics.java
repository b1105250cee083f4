package dev.portico.gateway.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * One app's request metrics with the label lookups done once: the hot path increments cached data
 * points. Status codes 100..599 are cached lazily.
 */
public final class AppMetrics {

    private final String app;
    private final Metrics metrics;
    private final DistributionDataPoint timer;
    private final CounterDataPoint[] byCode = new CounterDataPoint[600];

    AppMetrics(String app, Metrics metrics) {
        this.app = app;
        this.metrics = metrics;
        this.timer = metrics.requestTimer(app);
        // Series start at zero rather than appear on the first refusal, so that rate() and alerts see them.
        for (String reason : new String[] {"queue_full", "queue_timeout", "rate_limited", "circuit_open"}) {
            metrics.rejectionCounter(app, reason);
        }
    }

    public String app() {
        return app;
    }

    public void request(int code, long nanos) {
        CounterDataPoint c = code >= 0 && code < byCode.length ? byCode[code] : null;
        if (c == null) {
            c = metrics.requestCounter(app, code);
            if (code >= 0 && code < byCode.length) {
                byCode[code] = c; // benign race: the registry returns the same data point
            }
        }
        c.inc();
        timer.observe(nanos / 1e9);
    }

    public void rejection(String reason) {
        metrics.rejection(app, reason);
    }

    public void upstreamFailure(String reason) {
        metrics.upstreamFailure(app, reason);
    }
}
