package dev.portico.gateway;

import dev.portico.gateway.admin.AdminApi;
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
import dev.portico.gateway.config.FolderWatch;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.config.ListenAddress;
import dev.portico.gateway.edge.ConnectionLimiter;
import dev.portico.gateway.edge.HttpEdgeInitializer;
import dev.portico.gateway.edge.tls.TlsEdge;
import dev.portico.gateway.egress.Egress;
import dev.portico.gateway.egress.EgressInitializer;
import dev.portico.gateway.live.LiveStats;
import dev.portico.gateway.logs.AppLogs;
import dev.portico.gateway.logs.TeeLog;
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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
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

    /** Apps from which the start collects the garbage of reading them before serving. */
    private static final int LARGE_FOLDER = 10_000;

    private final ConfigFolder folder;
    private final AtomicReference<ConfigSnapshot> config;
    private final Metrics metrics = new Metrics();
    private final Transport transport;
    private final EventLoopGroup group;
    private final AppDirectory apps;
    private final ConnectionPool pool;
    private final ConnectionLimiter connections;
    private final Proxy proxy;
    private final Egress egress; // null without listen.egress
    private final Map<String, Channel> listeners = new ConcurrentHashMap<>();
    private volatile TlsEdge tls;
    private final ChannelGroup downstream = new DefaultChannelGroup("downstream", GlobalEventExecutor.INSTANCE);
    /**
     * On a listener's own pipeline: each visitor connection it accepts joins {@link #downstream}, so that
     * a drain can reach each one, before the connection's pipeline is set up.
     */
    private final TrackAccepted trackAccepted = new TrackAccepted(downstream);
    private final LiveStats live = new LiveStats();
    private final AppLogs appLogs;
    private final Reloader reloader;
    private final AdminApi api;
    private volatile FolderWatch watch;
    private volatile boolean ready;
    private volatile boolean closed;

    private Gateway(ConfigFolder folder, ConfigSnapshot initial, Transport transport) {
        this.folder = folder;
        this.transport = transport;
        this.config = new AtomicReference<>(initial);
        GatewayConfig gc = initial.gateway();
        int loops = gc.eventLoops() > 0 ? gc.eventLoops() : Runtime.getRuntime().availableProcessors();
        this.group = transport.newGroup(loops, "portico-loop");
        this.apps = new AppDirectory(new AppStates(metrics, protocols()));
        this.pool = new ConnectionPool(transport, Duration.ofSeconds(30));
        this.connections = new ConnectionLimiter(gc.connections().max(), gc.connections().perAddress());
        this.appLogs = new AppLogs(gc.logs(), metrics, name -> {
            App app = apps.app(name);
            return app == null ? null : app.config();
        });
        AccessLog exchanges = new TeeLog(live, appLogs);
        this.proxy = new Proxy(apps, pool, metrics, () -> exchanges, () -> config.get().gateway());
        this.egress = gc.listen().egress().isEmpty() ? null : new Egress(initial.egress().orElseThrow(), metrics,
                transport, () -> config.get().gateway(), this::boundAddresses);
        this.reloader = new Reloader(this, next -> {
            live.retain(next.apps().keySet());
            appLogs.configure(next.gateway().logs());
        });
        this.api = new AdminApi(apps, config::get, live, reloader);
        apps.apply(initial);
        registerGauges();
        log.info("{} apps in force, transport {}, {} event loops", initial.apps().size(), transport.name(), loops);
    }

    /** Reads {@code configFolder} and binds every configured listener. */
    public static Gateway start(Path configFolder) throws ConfigException, InterruptedException {
        ConfigFolder folder = new ConfigFolder(configFolder);
        // watching starts before the folder is read: a change made while 100,000 files load is reloaded after
        CompletableFuture<Gateway> running = new CompletableFuture<>();
        FolderWatch watch = watch(folder, running);
        // the native transport loads (a library copied out of the jar, then linked) while the folder is read
        FutureTask<Transport> transport = new FutureTask<>(Transport::detect);
        Thread loader = new Thread(transport, "portico-transport");
        loader.setDaemon(true);
        loader.start();
        Gateway g;
        try {
            long t0 = System.nanoTime();
            ConfigSnapshot loaded = folder.load();
            log.info("config {}: {} apps read in {} ms", folder.folder(), loaded.apps().size(),
                    (System.nanoTime() - t0) / 1_000_000);
            g = new Gateway(folder, loaded, transport(transport));
        } catch (ConfigException | RuntimeException e) {
            if (watch != null) {
                watch.close();
            }
            throw e;
        }
        g.watch = watch;
        if (g.config().apps().size() >= LARGE_FOLDER) {
            // Reading a large folder grows the heap with its garbage, and the JVM keeps what it grew;
            // one full collection before serving hands that memory back to the system.
            System.gc();
        }
        try {
            g.bindAll();
        } catch (RuntimeException | InterruptedException e) {
            g.close();
            throw e;
        }
        running.complete(g);
        g.ready = true;
        return g;
    }

    private static Transport transport(FutureTask<Transport> detecting) {
        try {
            return detecting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Transport.detect();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException asked) {
                throw asked; // a -Dportico.transport that names no transport
            }
            throw new IllegalStateException("cannot set up the network transport: " + e.getCause(), e.getCause());
        }
    }

    private static Function<Backend.Protocol, UpstreamProtocol> protocols() {
        return p -> switch (p) {
            case HTTP -> HttpProtocol.INSTANCE;
            case UWSGI -> UwsgiProtocol.INSTANCE;
        };
    }

    /**
     * Reloads on any change in the config folder (but not in a log folder kept inside it). Changes seen
     * before the gateway runs wait for it: the watch thread holds them until {@code running} completes.
     */
    private static FolderWatch watch(ConfigFolder folder, CompletableFuture<Gateway> running) {
        try {
            return FolderWatch.start(folder.folder(), changes -> {
                try {
                    running.get().reloader.reload(changes);
                } catch (InterruptedException | ExecutionException e) {
                    Thread.currentThread().interrupt(); // the gateway never started, or is stopping
                }
            }, p -> running.isDone() && !running.isCompletedExceptionally() && running.join().inLogs(p),
                    Duration.ofMillis(100), Duration.ofSeconds(1));
        } catch (IOException e) {
            log.warn("cannot watch {} for changes ({}); reload with SIGHUP or POST /api/reload", folder.folder(),
                    e.toString());
            return null;
        }
    }

    private boolean inLogs(Path p) {
        return config.get().gateway().logs().dir().map(p::startsWith).orElse(false);
    }

    private void bindAll() throws InterruptedException {
        GatewayConfig gc = config.get().gateway();
        GatewayConfig.Listeners l = gc.listen();
        if (l.admin().isPresent() && !l.admin().get().isLoopback() && gc.adminToken().isEmpty()) {
            log.warn("listen.admin = {} is reachable beyond this machine and admin.token is not set: /metrics is "
                    + "open to all and the API refuses everyone; set admin.token, or listen on 127.0.0.1", l.admin().get());
        }
        List<AdminRoute> adminRoutes = new ArrayList<>();
        adminRoutes.add(new HealthRoutes(metrics, () -> ready && !proxy.draining()));
        adminRoutes.addAll(api.routes());
        // admin first: whoever waits for the visitor port can then reach /healthz and the API at once
        bind(ADMIN, l.admin(), new AdminInitializer(adminRoutes, () -> config.get().gateway().adminToken()), false);
        bind(HTTP, l.http(), new HttpEdgeInitializer(proxy, connections), true);
        if (l.https().isPresent()) {
            tls = TlsEdge.start(config.get().gateway(), metrics);
            bind(HTTPS, l.https(), tls.initializer(proxy, connections), true);
            proxy.httpsPort(port(HTTPS));
        }
        if (egress != null) {
            bind(EGRESS, l.egress(), new EgressInitializer(egress, connections), true);
        }
    }

    /** Every address the gateway listens on now: egress refuses to connect to any of them. */
    private List<InetSocketAddress> boundAddresses() {
        return listeners.values().stream().map(ch -> (InetSocketAddress) ch.localAddress()).toList();
    }

    private void bind(String name, Optional<ListenAddress> address, ChannelHandler initializer, boolean paced)
            throws InterruptedException {
        if (address.isEmpty()) {
            return;
        }
        // every transport turns TCP_NODELAY on for accepted connections by itself: no second setsockopt here
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, !paced)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(initializer);
        if (paced) {
            b.handler(trackAccepted);
        }
        if (transport.isNative()) {
            // a new Portico can bind beside this one and take over without a refused connection
            b.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        Channel ch;
        try {
            ch = b.bind(address.get().toSocketAddress()).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("listen." + name + " = " + address.get() + ": cannot bind: " + e.getMessage(), e);
        }
        if (transport.isNative()) {
            Handover.spreadAgain(ch);
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

    /** Visitor connections open now, on every listener. */
    public int openConnections() {
        return connections.total();
    }

    /** The HTTPS machinery (certificates, provider), or null without {@code listen.https}. */
    public TlsEdge tls() {
        return tls;
    }

    public AppDirectory apps() {
        return apps;
    }

    public Proxy proxy() {
        return proxy;
    }

    public ConfigSnapshot config() {
        return config.get();
    }

    /** The config folder this gateway reads. */
    ConfigFolder folder() {
        return folder;
    }

    /** Every reload goes through this (file watch, SIGHUP, admin API): one at a time, logged. */
    public Reloader reloader() {
        return reloader;
    }

    public LiveStats live() {
        return live;
    }

    public AppLogs appLogs() {
        return appLogs;
    }

    /**
     * Re-reads the config folder; on success the new apps are in force in one step, on failure nothing
     * changes and the problems are thrown (and counted in {@code portico_config_reloads_total}).
     */
    public synchronized ConfigSnapshot reload() throws ConfigException {
        return reload(null);
    }

    /** Like {@link #reload()}, but reads only the named apps' files (null: all of them) besides gateway.properties. */
    synchronized ConfigSnapshot reload(Set<String> onlyApps) throws ConfigException {
        ConfigSnapshot next;
        try {
            next = onlyApps == null ? folder.reload(config.get()) : folder.reload(config.get(), onlyApps);
        } catch (ConfigException e) {
            metrics.configReload(false);
            log.warn("config reload refused, the last good config keeps serving:\n{}", e.getMessage());
            throw e;
        }
        apps.apply(next, onlyApps);
        config.set(next);
        if (egress != null) {
            next.egress().ifPresent(egress::apply);
        }
        GatewayConfig gc = next.gateway();
        connections.update(gc.connections().max(), gc.connections().perAddress());
        if (tls != null) {
            tls.reload(gc);
        }
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
        metrics.gauge("portico_app_websockets", "Open WebSockets of each app (at most its websocket.max)", cb -> {
            for (App app : apps.apps()) {
                if (app.stateIfStarted() != null) {
                    cb.call(proxy.openWebSockets(app.name()), app.name());
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

    /**
     * Stops listening, closes idle connections, waits up to {@code shutdown.grace} for the exchanges in
     * flight to be answered (see {@link Drain}), then stops. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        if (watch != null) {
            watch.close();
        }
        List<Channel> proxyListeners = new ArrayList<>(listeners.values());
        Channel admin = listeners.get(ADMIN);
        proxyListeners.remove(admin); // the admin listener answers /readyz (503) and /metrics until the end
        Drain.run(proxy, proxyListeners, TrackAccepted::accepted, downstream, config.get().gateway().shutdownGrace());
        if (admin != null) {
            admin.close().awaitUninterruptibly();
        }
        Future<?> f = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        f.awaitUninterruptibly();
        if (egress != null) {
            egress.close();
        }
        if (tls != null) {
            tls.close();
        }
        api.close();
        appLogs.close();
    }

    /**
     * On a listener: the messages it reads are the connections it accepted, each added to a group and
     * counted per listener (a drain waits until no more arrive, see {@link Drain}).
     */
    @ChannelHandler.Sharable
    private static final class TrackAccepted extends ChannelInboundHandlerAdapter {

        private static final AttributeKey<LongAdder> ACCEPTED = AttributeKey.valueOf("portico.accepted");

        private final ChannelGroup group;

        TrackAccepted(ChannelGroup group) {
            this.group = group;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().attr(ACCEPTED).set(new LongAdder());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.channel().attr(ACCEPTED).get().increment();
            group.add((Channel) msg);
            ctx.fireChannelRead(msg);
        }

        /** Connections {@code listener} has accepted so far; 0 for a listener without this handler. */
        static long accepted(Channel listener) {
            LongAdder n = listener.attr(ACCEPTED).get();
            return n == null ? 0 : n.sum();
        }
    }
}
