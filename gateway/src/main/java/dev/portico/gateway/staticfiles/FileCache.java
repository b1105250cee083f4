package dev.portico.gateway.staticfiles;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Lookups of static files, with the content of small files, bounded by weight. A lookup is trusted for
 * {@link #FRESH_NANOS}; after that the next request checks the disk again (off the event loop, one check
 * per key however many requests wait for it), so a changed, added or removed file is seen within that
 * time. An unchanged small file is not read again.
 */
final class FileCache {

    /** How long a lookup is served without looking at the disk. */
    static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    /** Total weight (about the bytes held) of every lookup and cached file content. */
    static final long MAX_WEIGHT = 64L * 1024 * 1024;

    /** One relative path in one folder. */
    record Key(Path folder, String relative) {
    }

    private final AsyncLoadingCache<Key, Lookup> cache;

    FileCache(Executor io) {
        this.cache = Caffeine.newBuilder()
                .executor(io)
                .maximumWeight(MAX_WEIGHT)
                .weigher((Key k, Lookup v) -> v.weight() + k.relative().length())
                .expireAfterAccess(Duration.ofMinutes(10))
                .buildAsync(new CacheLoader<Key, Lookup>() {
                    @Override
                    public Lookup load(Key key) throws Exception {
                        return FileResolver.resolve(key.folder(), key.relative(), null);
                    }

                    @Override
                    public Lookup reload(Key key, Lookup previous) throws Exception {
                        return FileResolver.resolve(key.folder(), key.relative(), previous);
                    }
                });
    }

    /**
     * The lookup for {@code key}, checked against the disk within the last {@link #FRESH_NANOS}. Often
     * already complete; otherwise it completes on the I/O executor.
     */
    CompletableFuture<Lookup> get(Key key) {
        CompletableFuture<Lookup> f = cache.get(key);
        Lookup known = f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
        if (known != null && System.nanoTime() - known.checkedAt() > FRESH_NANOS) {
            return cache.synchronous().refresh(key);
        }
        return f;
    }

    /** Forgets {@code key}: the file was seen to change while being opened. */
    void invalidate(Key key) {
        cache.synchronous().invalidate(key);
    }
}
