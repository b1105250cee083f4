package dev.portico.gateway.app;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.Backend;
import dev.portico.gateway.limit.AppLimiter;
import dev.portico.gateway.metrics.AppMetrics;
import dev.portico.gateway.upstream.Endpoint;
import dev.portico.gateway.upstream.Endpoints;
import java.util.ArrayList;
import java.util.List;

/** An app's live state: admission, endpoints with their breakers, and its metric data points. */
public final class AppState {

    private final AppLimiter limiter;
    private final Endpoints endpoints;
    private final AppMetrics metrics;
    private final AppConfig.Circuit circuitPolicy;

    AppState(AppLimiter limiter, Endpoints endpoints, AppMetrics metrics, AppConfig.Circuit circuitPolicy) {
        this.limiter = limiter;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.circuitPolicy = circuitPolicy;
    }

    public AppLimiter limiter() {
        return limiter;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public AppMetrics metrics() {
        return metrics;
    }

    /**
     * This state under a changed config: the limiter is updated in place (queue and permits kept);
     * endpoints that are still listed keep their breaker and counters, new ones start fresh.
     */
    AppState adjustedTo(AppConfig next, AppStates states) {
        limiter.update(next.limits());
        if (endpoints.all().stream().map(Endpoint::backend).toList().equals(next.backends())
                && circuitPolicy.equals(next.circuit())) {
            return this;
        }
        List<Endpoint> kept = new ArrayList<>();
        for (Backend b : next.backends()) {
            Endpoint same = circuitPolicy.equals(next.circuit()) ? find(b) : null;
            kept.add(same != null ? same : states.endpoint(next, b));
        }
        return new AppState(limiter, new Endpoints(kept), metrics, next.circuit());
    }

    private Endpoint find(Backend b) {
        for (Endpoint e : endpoints.all()) {
            if (e.backend().equals(b)) {
                return e;
            }
        }
        return null;
    }
}
