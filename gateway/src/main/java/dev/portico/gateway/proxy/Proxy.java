package dev.portico.gateway.proxy;

import static java.util.Objects.requireNonNull;

import dev.portico.gateway.app.AppDirectory;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.upstream.ConnectionPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What every exchange reads: the apps in force, the connection pools, metrics, the access log and the
 * gateway settings. One per process; the pieces it holds are each thread-safe.
 */
public final class Proxy {

    /**
     * Fired on every downstream channel's pipeline when shutdown begins: an idle keep-alive connection
     * closes now (an HTTP/2 connection sends GOAWAY), a busy one closes after its answer, and one that
     * has not sent its first request yet gets a moment to send it (its bytes may be on their way).
     */
    public static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    private final AppDirectory apps;
    private final ConnectionPool pool;
    private final Metrics metrics;
    private final Supplier<AccessLog> accessLog;
    private final Supplier<GatewayConfig> gateway;
    private final AppFront front = new AppFront();
    private final WebSocketSlots webSockets = new WebSocketSlots();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger firstRequests = new AtomicInteger();
    private volatile boolean draining;
    private volatile int httpsPort = -1;

    public Proxy(AppDirectory apps, ConnectionPool pool, Metrics metrics, Supplier<AccessLog> accessLog,
                 Supplier<GatewayConfig> gateway) {
        this.apps = requireNonNull(apps, "apps");
        this.pool = requireNonNull(pool, "pool");
        this.metrics = requireNonNull(metrics, "metrics");
        this.accessLog = requireNonNull(accessLog, "accessLog");
        this.gateway = requireNonNull(gateway, "gateway");
    }

    public AppDirectory apps() {
        return apps;
    }

    public ConnectionPool pool() {
        return pool;
    }

    public Metrics metrics() {
        return metrics;
    }

    public AccessLog accessLog() {
        return accessLog.get();
    }

    public GatewayConfig gateway() {
        return gateway.get();
    }

    /** Basic auth and static mappings, in front of every app. */
    AppFront front() {
        return front;
    }

    /** Open WebSockets per app, against each app's websocket.max. */
    WebSocketSlots webSockets() {
        return webSockets;
    }

    /** WebSockets of {@code app} open now. */
    public int openWebSockets(String app) {
        return webSockets.open(app);
    }

    /**
     * True once shutdown began: responses carry {@code Connection: close}, and only a connection's first
     * request is still read.
     */
    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }

    /** The HTTPS listener's bound port, where https.force redirects plain-HTTP visitors; -1 when none. */
    public int httpsPort() {
        return httpsPort;
    }

    public void httpsPort(int port) {
        httpsPort = port;
    }

    /** Exchanges started and not yet ended, on every event loop: shutdown waits for this to reach 0. */
    public int exchangesInFlight() {
        return exchanges.get();
    }

    void exchangeStarted() {
        exchanges.incrementAndGet();
    }

    void exchangeEnded() {
        exchanges.decrementAndGet();
    }

    /**
     * Connections accepted before shutdown whose first request has not arrived yet, some still in their
     * TLS handshake: shutdown waits for them too, each for at most its handshake's timeout and then
     * {@link DownstreamHandler#FIRST_REQUEST_WAIT}.
     */
    public int firstRequestsAwaited() {
        return firstRequests.get();
    }

    /** One more (+1) or one less (-1) connection in {@link #firstRequestsAwaited()}. */
    public void firstRequestAwaited(int delta) {
        firstRequests.addAndGet(delta);
    }
}
