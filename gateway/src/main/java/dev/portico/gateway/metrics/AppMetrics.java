package dev.portico.gateway.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.Arrays;

/**
 * One app's request metrics with the label lookups done once: the hot path increments cached data
 * points. The status codes an app has answered with (a handful for most apps) are kept in a small
 * array that is copied when a new code appears, so that 100,000 apps cost little memory each.
 */
public final class AppMetrics {

    private static final Code[] NONE = new Code[0];
    private static final int MAX_CACHED = 32; // beyond that (an app with odd codes), looked up by label

    private final String app;
    private final Metrics metrics;
    private final DistributionDataPoint timer;
    private volatile Code[] codes = NONE;

    /** One status code's counter. */
    private record Code(int code, CounterDataPoint counter) {
    }

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
        counter(code).inc();
        timer.observe(nanos / 1e9);
    }

    private CounterDataPoint counter(int code) {
        Code[] known = codes;
        for (Code c : known) {
            if (c.code == code) {
                return c.counter;
            }
        }
        // benign race: two loops may both add the code; the registry gives both the same data point
        CounterDataPoint counter = metrics.requestCounter(app, code);
        if (known.length >= MAX_CACHED) {
            return counter;
        }
        Code[] more = Arrays.copyOf(known, known.length + 1);
        more[known.length] = new Code(code, counter);
        codes = more;
        return counter;
    }

    public void rejection(String reason) {
        metrics.rejection(app, reason);
    }

    public void upstreamFailure(String reason) {
        metrics.upstreamFailure(app, reason);
    }
}
