package dev.portico.gateway.staticfiles;

import dev.portico.gateway.config.AppConfig;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.DefaultThreadFactory;
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
     * Answers {@code request}, which {@code match} routed to a mapped folder, for {@code channel} (the
     * visitor's connection or HTTP/2 stream). {@code reply} receives the answer on the channel's event
     * loop and owns it. {@code zeroCopy}: the body may be sent as a file region (a plain HTTP/1.1
     * connection); otherwise it is read in chunks off the loop (TLS, HTTP/2) for a
     * {@link io.netty.handler.stream.ChunkedWriteHandler}.
     */
    public void serve(HttpRequest request, AppConfig.StaticFiles config, StaticRoute.Match match, Channel channel,
                      boolean zeroCopy, Consumer<StaticReply> reply) {
        new StaticRequest(cache, request, config, match, channel, zeroCopy, reply).start();
    }
}
