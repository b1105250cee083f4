package dev.portico.gateway.edge.tls;

import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.edge.ConnectionLimiter;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener's machinery: the TLS provider, the certificate store over {@code tls.certs} and its
 * file watch, the threads that read certificate files and build contexts (never an event loop), and the
 * rotation of session ticket keys. {@link #start} refuses to start with a message that says what to fix.
 */
public final class TlsEdge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsEdge.class);
    private static final long TICKET_ROTATION_HOURS = 12;

    private final TlsProvider provider;
    private final Metrics metrics;
    private final ScheduledThreadPoolExecutor executor;
    private final ContextFactory factory;
    private final TicketKeys tickets = new TicketKeys();
    private volatile CertificateStore store;
    private volatile CertificateWatch watch;

    private TlsEdge(TlsProvider provider, Metrics metrics, boolean ocsp) {
        this.provider = provider;
        this.metrics = metrics;
        this.executor = new ScheduledThreadPoolExecutor(2, new DefaultThreadFactory("portico-certs", true));
        this.factory = new ContextFactory(provider, tickets, ocsp ? new OcspStapler(executor) : null);
    }

    /** Checks the provider, indexes the certificate folder and starts watching it. */
    public static TlsEdge start(GatewayConfig gc, Metrics metrics) {
        Path folder = gc.tlsCerts().orElseThrow(() -> new IllegalStateException(
                "listen.https is set but tls.certs is not (expected the certificate folder)"));
        TlsProvider provider = TlsProvider.named(gc.tlsProvider());
        boolean ocsp = gc.tls().ocsp() && provider.isOpenSsl();
        if (gc.tls().ocsp() && !ocsp) {
            log.warn("tls.ocsp = true needs tls.provider = openssl; OCSP stapling stays off");
        }
        log.info("TLS provider: {}; protocols TLSv1.3, TLSv1.2; ALPN h2, http/1.1; at most {} certificate "
                + "contexts held; OCSP stapling {}", provider.description(), gc.tls().contexts(), ocsp ? "on" : "off");
        TlsEdge edge = new TlsEdge(provider, metrics, ocsp);
        try {
            edge.open(folder, gc.tls().contexts());
        } catch (RuntimeException e) {
            edge.close();
            throw e;
        }
        edge.executor.scheduleAtFixedRate(() -> edge.store.rotateTicketKeys(), TICKET_ROTATION_HOURS,
                TICKET_ROTATION_HOURS, TimeUnit.HOURS);
        metrics.gauge("portico_tls_certificates", "Certificate pairs indexed from tls.certs",
                cb -> cb.call(edge.store.certificates()));
        metrics.gauge("portico_tls_contexts", "Certificates holding a built TLS context (at most tls.contexts)",
                cb -> cb.call(edge.store.contexts()));
        return edge;
    }

    private void open(Path folder, int contexts) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("tls.certs = " + folder + ": not a folder (create it and put "
                    + "<name>.crt + <name>.key pairs in it, or run: portico certs dev --out " + folder
                    + " --domain example.localhost)");
        }
        CertificateStore next = new CertificateStore(folder, factory, tickets, contexts, executor);
        next.scanAll();
        CertificateWatch nextWatch;
        try {
            nextWatch = new CertificateWatch(next);
        } catch (IOException e) {
            throw new IllegalStateException("tls.certs = " + folder + ": cannot watch the folder: " + e.getMessage(), e);
        }
        CertificateWatch old = watch;
        store = next;
        watch = nextWatch;
        if (old != null) {
            old.close();
        }
    }

    /** The pipeline of one HTTPS connection. */
    public ChannelInitializer<Channel> initializer(Proxy proxy, ConnectionLimiter limiter) {
        return new TlsEdgeInitializer(this, proxy, limiter, metrics);
    }

    /**
     * Takes a reloaded {@code gateway.properties} into account: a new {@code tls.certs} folder is indexed
     * and watched instead of the old one; otherwise the folder is rescanned (on the watch thread).
     */
    public void reload(GatewayConfig gc) {
        Path folder = gc.tlsCerts().orElse(null);
        store.maxContexts(gc.tls().contexts());
        if (folder == null || folder.equals(store.folder())) {
            watch.requestRescan();
            return;
        }
        try {
            open(folder, gc.tls().contexts());
        } catch (IllegalStateException e) {
            log.warn("{}; the certificates of {} keep serving", e.getMessage(), store.folder());
        }
    }

    public CertificateStore certificates() {
        return store;
    }

    public TlsProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        CertificateWatch w = watch;
        if (w != null) {
            w.close();
        }
        executor.shutdownNow();
    }
}
