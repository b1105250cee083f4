package dev.portico.gateway.edge.tls;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of the {@code tls.certs} folder, as handshakes see them: an index from domain to file
 * pair, read at start from the leaves alone, and a bounded cache of built {@link SslContext}s, so that
 * only the certificates of domains that are visited hold a context.
 *
 * <p>Threading: {@link #map} runs on event loops and never blocks: a cached context answers at once,
 * another is built on the certificate executor and handed back through the promise. {@link #refresh}
 * and {@link #rescan} (file watch, reload) run on other threads and are serialised here.
 */
public final class CertificateStore implements AsyncMapping<String, SslContext> {

    private static final Logger log = LoggerFactory.getLogger(CertificateStore.class);

    private final Path folder;
    private final ContextFactory factory;
    private final TicketKeys tickets;
    private final AtomicReference<CertificateIndex> index = new AtomicReference<>(CertificateIndex.EMPTY);
    private final AsyncLoadingCache<CertificatePair, SslContext> contexts;
    /** Pairs whose context failed to build, so that handshakes for them fail fast for a while. */
    private final Cache<CertificatePair, CertificateProblem> broken;
    /** Stamps of changed pairs that were refused, so that each refusal is reported once. */
    private final Map<String, FileStamp> refused = new HashMap<>();

    CertificateStore(Path folder, ContextFactory factory, TicketKeys tickets, int maxContexts, Executor executor) {
        this.folder = folder;
        this.factory = factory;
        this.tickets = tickets;
        this.contexts = Caffeine.newBuilder().maximumSize(maxContexts).executor(executor)
                .<CertificatePair, SslContext>removalListener((pair, context, cause) -> {
                    if (context instanceof StapledContext stapled) {
                        stapled.staple().cancel();
                    }
                })
                .buildAsync(this::build);
        this.broken = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();
    }

    Path folder() {
        return folder;
    }

    /** Reads the whole folder (leaves only, in parallel) into a fresh index. Blocks: call at start. */
    synchronized void scanAll() {
        long start = System.nanoTime();
        FolderScan scan = FolderScan.of(folder);
        index.set(CertificateIndex.of(scan.pairs()));
        contexts.synchronous().invalidateAll();
        refused.clear();
        for (String name : scan.problems().keySet()) { // reported now; a rescan reports them again if they change
            FileStamp stamp = stampOrNull(folder.resolve(name + ".crt"), folder.resolve(name + ".key"));
            if (stamp != null) {
                refused.put(name, stamp);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.info("certificates: {} pairs indexed from {} in {} ms{}", scan.pairs().size(), folder, ms,
                index.get().byName(CertificatePair.DEFAULT) == null
                        ? "; no default.crt: a handshake for an unknown name is refused" : "");
        scan.logProblems(log);
        scan.logExpired(log);
    }

    /** Answers the SslHandler's question for {@code sni} without blocking the event loop. */
    @Override
    public Future<SslContext> map(String sni, Promise<SslContext> promise) {
        CertificatePair pair = index.get().select(sni);
        if (pair == null) {
            return promise.setFailure(NoCertificateException.NO_MATCH);
        }
        CompletableFuture<SslContext> f = contexts.get(pair);
        if (f.isDone() && !f.isCompletedExceptionally()) {
            return promise.setSuccess(f.join());
        }
        f.whenComplete((context, error) -> {
            if (error == null) {
                promise.trySuccess(context);
            } else {
                promise.tryFailure(new NoCertificateException("the certificate " + pair.name() + " for "
                        + sni + " cannot be used"));
            }
        });
        return promise;
    }

    private SslContext build(CertificatePair pair) throws CertificateProblem {
        CertificateProblem known = broken.getIfPresent(pair);
        if (known != null) {
            throw known;
        }
        try {
            return factory.build(PairFiles.load(pair));
        } catch (CertificateProblem | SSLException | RuntimeException e) {
            CertificateProblem p = e instanceof CertificateProblem cp ? cp
                    : new CertificateProblem("cannot build a TLS context: " + e.getMessage(), e);
            broken.put(pair, p);
            log.warn("{}: cannot serve {}: {}", folder.resolve(pair.name() + ".crt"), pair.domains(),
                    p.getMessage());
            throw p;
        }
    }

    /**
     * Takes the changes of the named pairs into account: a changed pair is read whole and checked before
     * it replaces the one in use (a broken one is reported and changes nothing); a pair whose context was
     * in use gets its new context built here, before new handshakes can ask for it.
     */
    synchronized void refresh(Collection<String> names) {
        CertificateIndex current = index.get();
        List<CertificatePair> changed = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        List<CertificatePair> retired = new ArrayList<>();
        PairChanges report = new PairChanges(folder);
        for (String name : names) {
            CertificatePair old = current.byName(name);
            Path crt = folder.resolve(name + ".crt");
            if (!crt.toFile().exists()) {
                refused.remove(name);
                if (old != null) {
                    removed.add(name);
                    retired.add(old);
                    report.removed(old);
                }
                continue;
            }
            FileStamp stamp = stampOrNull(crt, folder.resolve(name + ".key"));
            if (old != null && old.stamp().equals(stamp) || stamp != null && stamp.equals(refused.get(name))) {
                continue;
            }
            try {
                CertificatePair next = PairFiles.index(folder, name);
                LoadedPair loaded = PairFiles.load(next);
                if (old != null && isHot(old)) {
                    contexts.put(next, CompletableFuture.completedFuture(factory.build(loaded)));
                }
                refused.remove(name);
                changed.add(next);
                if (old != null) {
                    retired.add(old);
                }
                report.served(next, old != null);
            } catch (CertificateProblem | SSLException | RuntimeException e) {
                if (stamp != null) {
                    refused.put(name, stamp);
                }
                report.refused(name, e, old != null);
            }
        }
        if (!changed.isEmpty() || !removed.isEmpty()) {
            index.set(current.with(changed, removed));
            contexts.synchronous().invalidateAll(retired);
        }
        report.log(log);
    }

    /** Compares every pair of the folder with the index (by file size and time) and refreshes the changed. */
    synchronized void rescan() {
        Set<String> names = new HashSet<>(FolderScan.names(folder));
        for (CertificatePair p : index.get().pairs()) {
            names.add(p.name());
        }
        refresh(names);
    }

    /** Rotates the session ticket keys of every context, cached now or built later. */
    void rotateTicketKeys() {
        tickets.rotate();
        for (SslContext c : contexts.synchronous().asMap().values()) {
            if (c.sessionContext() instanceof OpenSslServerSessionContext s) {
                tickets.applyTo(s);
            }
        }
    }

    private boolean isHot(CertificatePair pair) {
        CompletableFuture<SslContext> f = contexts.getIfPresent(pair);
        return f != null && f.isDone() && !f.isCompletedExceptionally();
    }

    private static FileStamp stampOrNull(Path crt, Path key) {
        try {
            return FileStamp.of(crt, key);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Changes how many contexts may be held at once ({@code tls.contexts} reloaded). */
    void maxContexts(int max) {
        contexts.synchronous().policy().eviction().ifPresent(e -> e.setMaximum(max));
    }

    /** Certificate pairs in the index. */
    public int certificates() {
        return index.get().size();
    }

    /** Certificates that hold a built context now (at most {@code tls.contexts}). */
    public long contexts() {
        contexts.synchronous().cleanUp();
        return contexts.synchronous().estimatedSize();
    }

    /** The pair a handshake for {@code sni} would get, or null. */
    public CertificatePair select(String sni) {
        return index.get().select(sni);
    }
}
