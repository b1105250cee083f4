package dev.portico.gateway.live;

import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.AccessLog;
import dev.portico.gateway.proxy.AccessRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every app's {@link RollingWindow}, made on the app's first finished exchange: apps without traffic
 * cost nothing, so 100,000 configured apps hold only as many windows as have been busy lately.
 */
public final class LiveStats implements AccessLog {

    private static final long EPOCH = System.nanoTime();
    private static final Map<String, Boolean> REFUSALS = refusals();

    private final ConcurrentHashMap<String, RollingWindow> windows = new ConcurrentHashMap<>();

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void log(AccessRecord r) {
        if (Metrics.NO_APP.equals(r.app())) {
            return;
        }
        RollingWindow w = windows.get(r.app());
        if (w == null) {
            w = windows.computeIfAbsent(r.app(), a -> new RollingWindow());
        }
        String refused = r.failure() != null && REFUSALS.containsKey(r.failure()) ? r.failure() : null;
        w.record(now(), r.status(), r.durationNanos(), refused);
    }

    /** The app's recent traffic ({@link Recent#NONE} when it had none). */
    public Recent recent(String app) {
        RollingWindow w = windows.get(app);
        return w == null ? Recent.NONE : w.read(now());
    }

    /** Whether the app had any finished exchange in the last minute. */
    public boolean active(String app) {
        RollingWindow w = windows.get(app);
        return w != null && now() - w.lastSecond() < RollingWindow.SECONDS;
    }

    /** Forgets apps no longer configured and windows quiet for ten minutes. */
    public void retain(Set<String> apps) {
        long now = now();
        windows.entrySet().removeIf(e -> !apps.contains(e.getKey()) || now - e.getValue().lastSecond() > 600);
    }

    /** How many windows are kept (for tests and the bound on memory). */
    public int size() {
        return windows.size();
    }

    private static long now() {
        return (System.nanoTime() - EPOCH) / 1_000_000_000L + RollingWindow.SECONDS;
    }

    /** The flags of answers the gateway gives to protect an app: 503 and 429 with Retry-After. */
    private static Map<String, Boolean> refusals() {
        Map<String, Boolean> m = new HashMap<>();
        for (Failure f : Failure.values()) {
            if (f.retryable() && f != Failure.SHUTTING_DOWN) {
                m.put(f.flag(), Boolean.TRUE);
            }
        }
        return Map.copyOf(m);
    }
}
