package dev.portico.gateway.staticfiles;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.failure.FailureResponse;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One static request: method and path checks, the lookup, the decision, the file opened off the event
 * loop when its bytes are not cached, and the reply delivered on the event loop.
 */
final class StaticRequest {

    private static final Logger log = LoggerFactory.getLogger(StaticRequest.class);

    private final FileCache cache;
    private final HttpRequest request;
    private final AppConfig.StaticFiles config;
    private final StaticRoute.Match match;
    private final Channel channel;
    private final ByteBufAllocator alloc;
    private final boolean zeroCopy;
    private final EventExecutor loop;
    private final Consumer<StaticReply> reply;
    private FileCache.Key key;
    private boolean retried;

    StaticRequest(FileCache cache, HttpRequest request, AppConfig.StaticFiles config, StaticRoute.Match match,
                  Channel channel, boolean zeroCopy, Consumer<StaticReply> reply) {
        this.cache = cache;
        this.request = request;
        this.config = config;
        this.match = match;
        this.channel = channel;
        this.alloc = channel.alloc();
        this.zeroCopy = zeroCopy;
        this.loop = channel.eventLoop();
        this.reply = reply;
    }

    void start() {
        HttpMethod m = request.method();
        if (!m.equals(HttpMethod.GET) && !m.equals(HttpMethod.HEAD)) {
            StaticReply r = failure(Failure.METHOD_NOT_ALLOWED, null);
            r.head().headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            reply.accept(r);
            return;
        }
        String relative = SafePath.relative(match.rest());
        if (relative == null) {
            reply.accept(failure(Failure.NOT_FOUND, null));
            return;
        }
        key = new FileCache.Key(match.mapping().folder(), relative);
        lookUp();
    }

    private void lookUp() {
        CompletableFuture<Lookup> f = cache.get(key);
        if (f.isDone()) {
            looked(f);
        } else {
            f.whenComplete((l, e) -> loop.execute(() -> looked(f)));
        }
    }

    private void looked(CompletableFuture<Lookup> f) {
        Lookup lookup;
        try {
            lookup = f.join();
        } catch (RuntimeException e) {
            log.warn("static {}: {}", key, e.getCause() == null ? e : e.getCause());
            reply.accept(failure(Failure.INTERNAL, "The file could not be read."));
            return;
        }
        if (lookup instanceof Lookup.File file) {
            answer(file);
        } else if (lookup instanceof Lookup.Directory dir && config.index() && dir.index() != null) {
            if (match.path().endsWith("/")) {
                answer(dir.index());
            } else {
                reply.accept(redirect(match.path() + "/" + (match.query() == null ? "" : "?" + match.query())));
            }
        } else {
            reply.accept(failure(Failure.NOT_FOUND, null)); // absent, outside, or a directory: never a listing
        }
    }

    private void answer(Lookup.File file) {
        StaticAnswer a = StaticAnswer.decide(request, file, config);
        if (a instanceof StaticAnswer.NotModified nm) {
            FullHttpResponse res = full(HttpResponseStatus.NOT_MODIFIED);
            res.headers().set(nm.headers());
            reply.accept(new StaticReply(res, new Object[0], 0, null));
        } else if (a instanceof StaticAnswer.Unsatisfiable u) {
            StaticReply r = failure(Failure.RANGE_NOT_SATISFIABLE, null);
            r.head().headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + u.size());
            reply.accept(r);
        } else {
            content((StaticAnswer.Content) a);
        }
    }

    private void content(StaticAnswer.Content c) {
        Representation r = c.file();
        if (c.headOnly() || c.length() == 0) {
            FullHttpResponse res = full(c.status());
            res.headers().set(c.headers());
            reply.accept(new StaticReply(res, new Object[0], 0, null));
        } else if (r.bytes() != null) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, c.status(),
                    Unpooled.wrappedBuffer(r.bytes(), (int) c.offset(), (int) c.length()), c.headers(),
                    EmptyHttpHeaders.INSTANCE);
            reply.accept(new StaticReply(res, new Object[0], c.length(), null));
        } else {
            StaticFiles.IO.execute(() -> open(c));
        }
    }

    /**
     * Runs on {@link StaticFiles#IO}: opens the file (not through a symlink swapped in since the lookup)
     * and checks it is the one the headers describe; a changed file is looked up again, once.
     */
    private void open(StaticAnswer.Content c) {
        Representation r = c.file();
        FileChannel fc = null;
        try {
            fc = FileChannel.open(r.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes a = Files.readAttributes(r.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (fc.size() != r.size() || a.lastModifiedTime().to(TimeUnit.NANOSECONDS) != r.modifiedNanos()
                    || !java.util.Objects.equals(a.fileKey(), r.fileKey())) {
                fc.close();
                cache.invalidate(key);
                loop.execute(this::changed);
                return;
            }
        } catch (IOException e) {
            closeQuietly(fc);
            cache.invalidate(key);
            loop.execute(this::changed);
            return;
        }
        FileChannel opened = fc;
        loop.execute(() -> deliver(c, opened));
    }

    private void changed() {
        if (retried) {
            reply.accept(failure(Failure.INTERNAL, "The file changed while it was being sent; retry."));
            return;
        }
        retried = true;
        lookUp();
    }

    private void deliver(StaticAnswer.Content c, FileChannel fc) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, c.status(), c.headers());
        Object[] body;
        if (zeroCopy) {
            body = new Object[] {new DefaultFileRegion(fc, c.offset(), c.length()), LastHttpContent.EMPTY_LAST_CONTENT};
        } else {
            body = new Object[] {new HttpChunkedInput(new FileChunks(fc, c.offset(), c.length(), channel).prefetch())};
        }
        reply.accept(new StaticReply(head, body, c.length(), null));
    }

    private StaticReply failure(Failure f, String detail) {
        FullHttpResponse res = FailureResponse.render(alloc, f, detail, FailureResponse.wantsJson(request.headers()), 0);
        return new StaticReply(res, new Object[0], 0, f);
    }

    private static StaticReply redirect(String location) {
        FullHttpResponse res = full(HttpResponseStatus.MOVED_PERMANENTLY);
        res.headers().set(HttpHeaderNames.LOCATION, location);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return new StaticReply(res, new Object[0], 0, null);
    }

    private static FullHttpResponse full(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    private static void closeQuietly(FileChannel fc) {
        if (fc != null) {
            try {
                fc.close();
            } catch (IOException e) {
                // nothing was read from it
            }
        }
    }
}
