package dev.portico.gateway.app;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.metrics.Metrics;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One app: its config and, created on its first request, its live state. The live state is made
 * lazily so that a folder of 100,000 apps costs only their configs until traffic arrives.
 */
public final class App {

    private final AppConfig config;
    private final AppStates states;
    private final AtomicReference<AppState> state;

    private App(AppConfig config, AppStates states, AtomicReference<AppState> state) {
        this.config = config;
        this.states = states;
        this.state = state;
    }

    static App fresh(AppConfig config, AppStates states) {
        return new App(config, states, new AtomicReference<>());
    }

    /** The same app with a new config; live state carries over, adjusted to the new settings. */
    App next(AppConfig next) {
        AppState s = state.get();
        AtomicReference<AppState> carried = new AtomicReference<>(s == null ? null : s.adjustedTo(next, states));
        return new App(next, states, carried);
    }

    public AppConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** The live state, created on first use. */
    public AppState state() {
        AppState s = state.get();
        if (s != null) {
            return s;
        }
        AppState made = states.create(config);
        return state.compareAndSet(null, made) ? made : state.get();
    }

    /** The live state if any request has reached the app yet, else null (used by metrics and the API). */
    public AppState stateIfStarted() {
        return state.get();
    }

    /** For callers that report on all apps without creating state. */
    static String metricName(App app) {
        return app == null ? Metrics.NO_APP : app.name();
    }
}
