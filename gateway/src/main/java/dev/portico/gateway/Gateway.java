package dev.portico.gateway;

import dev.portico.gateway.admin.AdminInitializer;
import dev.portico.gateway.admin.AdminRoute;
import dev.portico.gateway.admin.HealthRoutes;
import dev.portico.gateway.app.App;
import dev.portico.gateway.app.AppDirectory;
import dev.portico.gateway.app.AppState;
import dev.portico.gateway.app.AppStates;
import dev.portico.gateway.config.Backend;
import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.config.ListenAddress;
import dev.portico.gateway.edge.ConnectionLimiter;
import dev.portico.gateway.edge.HttpEdgeInitializer;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.AccessLog;
import dev.portico.gateway.proxy.Proxy;
import dev.portico.gateway.upstream.ConnectionPool;
import dev.portico.gateway.upstream.Endpoint;
import dev.portico.gateway.upstream.UpstreamProtocol;
import dev.portico.gateway.upstream.http.HttpProtocol;
import dev.portico.gateway.upstream.uwsgi.UwsgiProtocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Portico: the config folder in force, the listeners bound to it, the proxy, the admin
 * listener. {@link #start} binds everything (port 0 in the config binds a free port, see
 * {@link #port}); {@link #reload} re-reads the folder; {@link #close} drains and stops.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** Listener names, as in {@code listen.<name>}. */
    public static final String HTTP = "http";
    public static final String HTTPS = "https";
    public static final String ADMIN = "admin";
    public static final String EGRESS = "egress";

    private final ConfigFolder folder;
    private final AtomicReference<ConfigSnapshot> config;
    private final Metrics metrics = new Metrics();
    private final Transport transport = Transport.detect();
    private final EventLoopGroup group;
    private final AppDirectory apps;
    private final ConnectionPool pool;
    private final ConnectionLimiter connections;
    private final Proxy proxy;
    private final Map<String, Channel> listeners = new ConcurrentHashMap<>();
    private volatile boolean ready;

    private Gateway(ConfigFolder folder, ConfigSnapshot initial) {
        this.folder = folder;
        this.config = new AtomicReference<>(initial);
        GatewayConfig gc = initial.gateway();
        int loops = gc.eventLoops() > 0 ? gc.eventLoops() : Runtime.getRuntime().availableProcessors();
        this.group = transport.newGroup(loops, "portico-loop");
        this.apps = new AppDirectory(new AppStates(metrics, protocols()));
        this.pool = new ConnectionPool(transport, Duration.ofSeconds(30));
        this.connections = new ConnectionLimiter(gc.connections().max(), gc.connections().perAddress());
        this.proxy = new Proxy(apps, pool, metrics, () -> AccessLog.NONE, () -> config.get().gateway());
        apps.apply(initial);
        registerGauges();
        log.info("config {}: {} apps, transport {}, {} event loops", folder.folder(), initial.apps().size(),
                transport.name(), loops);
    }

    /** Reads {@code configFolder} and binds every configured listener. */
    public static Gateway start(Path configFolder) throws ConfigException, InterruptedException {
        ConfigFolder folder = new ConfigFolder(configFolder);
        Gateway g = new Gateway(folder, folder.load());
        try {
            g.bindAll();
        } catch (RuntimeException | InterruptedException e) {
            g.close();
            throw e;
        }
        g.ready = true;
        return g;
    }

    private static Function<Backend.Protocol, UpstreamProtocol> protocols() {
        return p -> switch (p) {
            case HTTP -> HttpProtocol.INSTANCE;
            case UWSGI -> UwsgiProtocol.INSTANCE;
        };
    }

    private void bindAll() throws InterruptedException {
        GatewayConfig.Listeners l = config.get().gateway().listen();
        List<AdminRoute> adminRoutes = new ArrayList<>();
        adminRoutes.add(new HealthRoutes(metrics, () -> ready && !proxy.draining()));
        bind(HTTP, l.http(), new HttpEdgeInitializer(proxy, connections), true);
        bind(ADMIN, l.admin(), new AdminInitializer(adminRoutes, () -> config.get().gateway().adminToken()), false);
    }

    private void bind(String name, Optional<ListenAddress> address, ChannelHandler initializer, boolean paced)
            throws InterruptedException {
        if (address.isEmpty()) {
            return;
        }
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, !paced)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(initializer);
        Channel ch;
        try {
            ch = b.bind(address.get().toSocketAddress()).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("listen." + name + " = " + address.get() + ": cannot bind: " + e.getMessage(), e);
        }
        listeners.put(name, ch);
        log.info("listening: {} on {}", name, ch.localAddress());
    }

    /** The bound port of listener {@code name} ({@link #HTTP}, {@link #ADMIN}, ...), or -1. */
    public int port(String name) {
        Channel ch = listeners.get(name);
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    public Metrics metrics() {
        return metrics;
    }

    public AppDirectory apps() {
        return apps;
    }

    public ConfigSnapshot config() {
        return config.get();
    }

    /**
     * Re-reads the config folder; on success the new apps are in force in one step, on failure nothing
     * changes and the problems are thrown (and counted in {@code portico_config_reloads_total}).
     */
    public synchronized ConfigSnapshot reload() throws ConfigException {
        ConfigSnapshot next;
        try {
            next = folder.reload(config.get());
        } catch (ConfigException e) {
            metrics.configReload(false);
            log.warn("config reload refused, the last good config keeps serving:\n{}", e.getMessage());
            throw e;
        }
        apps.apply(next);
        config.set(next);
        GatewayConfig gc = next.gateway();
        connections.update(gc.connections().max(), gc.connections().perAddress());
        metrics.configReload(true);
        return next;
    }

    private void registerGauges() {
        metrics.gauge("portico_app_inflight", "Requests in flight to each app (at most its workers)", cb -> {
            for (App app : apps.apps()) {
                AppState s = app.stateIfStarted();
                if (s != null) {
                    cb.call(s.limiter().inFlight(), app.name());
                }
            }
        }, "app");
        metrics.gauge("portico_app_queued", "Requests waiting in each app's queue", cb -> {
            for (App app : apps.apps()) {
                AppState s = app.stateIfStarted();
                if (s != null) {
                    cb.call(s.limiter().queued(), app.name());
                }
            }
        }, "app");
        metrics.gauge("portico_endpoint_circuit_state",
                "Circuit breaker of each endpoint: 0 closed, 1 open, 2 half-open (probing)", cb -> {
                    for (App app : apps.apps()) {
                        AppState s = app.stateIfStarted();
                        if (s != null) {
                            for (Endpoint e : s.endpoints().all()) {
                                cb.call(switch (e.circuitState()) {
                                    case OPEN, FORCED_OPEN -> 1;
                                    case HALF_OPEN -> 2;
                                    default -> 0;
                                }, app.name(), e.backend().toString());
                            }
                        }
                    }
                }, "app", "endpoint");
        metrics.gauge("portico_downstream_connections", "Open visitor connections",
                cb -> cb.call(connections.total()));
    }

    /** Stops listening, then waits up to {@code shutdown.grace} for exchanges in flight, then stops. */
    @Override
    public void close() {
        ready = false;
        proxy.startDraining();
        for (Channel ch : listeners.values()) {
            ch.close().awaitUninterruptibly();
        }
        Duration grace = config.get().gateway().shutdownGrace();
        Future<?> f = group.shutdownGracefully(0, Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
        f.awaitUninterruptibly();
    }
}
