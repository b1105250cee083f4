package dev.portico.gateway.app;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.Backend;
import dev.portico.gateway.limit.AppLimiter;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.upstream.Endpoint;
import dev.portico.gateway.upstream.Endpoints;
import dev.portico.gateway.upstream.UpstreamProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Makes apps' live state: limiter, endpoints speaking the right protocol, metric data points. */
public final class AppStates {

    private final Metrics metrics;
    private final Function<Backend.Protocol, UpstreamProtocol> protocols;

    public AppStates(Metrics metrics, Function<Backend.Protocol, UpstreamProtocol> protocols) {
        this.metrics = metrics;
        this.protocols = protocols;
    }

    AppState create(AppConfig config) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Backend b : config.backends()) {
            endpoints.add(endpoint(config, b));
        }
        return new AppState(new AppLimiter(config.name(), config.limits()), new Endpoints(endpoints),
                metrics.forApp(config.name()), config.circuit());
    }

    Endpoint endpoint(AppConfig config, Backend b) {
        return new Endpoint(config.name(), b, protocols.apply(b.protocol()), config.circuit());
    }
}
