package dev.portico.gateway.staticfiles;

import dev.portico.gateway.config.AppConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Serves static mappings: one per gateway, shared by every event loop. Lookups come from the
 * {@link FileCache}; whatever touches the disk (stat, symlink resolution, open, small reads) runs on
 * {@link #IO} and the answer continues on the request's event loop.
 */
public final class StaticFiles {

    /** Disk work of static requests; daemon threads, so that it never holds the process open. */
    static final ExecutorService IO = Executors.newFixedThreadPool(4, new DefaultThreadFactory("portico-static-io", true));

    private final FileCache cache = new FileCache(IO);

    /**
     * Answers {@code request}, which {@code match} routed to a mapped folder. {@code reply} receives the
     * answer on {@code loop} and owns it. {@code zeroCopy}: the body may be sent as a file region (a
     * plain HTTP/1.1 connection); otherwise it is read in chunks (TLS, HTTP/2).
     */
    public void serve(HttpRequest request, AppConfig.StaticFiles config, StaticRoute.Match match,
                      ByteBufAllocator alloc, boolean zeroCopy, EventExecutor loop, Consumer<StaticReply> reply) {
        new StaticRequest(cache, request, config, match, alloc, zeroCopy, loop, reply).start();
    }
}
