package dev.portico.gateway.upstream;

import dev.portico.gateway.Transport;
import dev.portico.gateway.config.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to endpoints, one pool per event loop: a connection is only ever used by
 * exchanges on the loop it was opened on, so the pool needs no locks. Idle connections are checked for
 * liveness when taken and closed after {@code idleTimeout}.
 */
public final class ConnectionPool {

    private static final int MAX_IDLE_PER_BACKEND = 512;

    private final Transport transport;
    private final long idleTimeoutNanos;
    private final FastThreadLocal<LoopPool> pools = new FastThreadLocal<>() {
        @Override
        protected LoopPool initialValue() {
            return new LoopPool();
        }
    };

    public ConnectionPool(Transport transport, Duration idleTimeout) {
        this.transport = transport;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /**
     * A connection to {@code endpoint} on {@code loop} (the caller's own loop): a pooled one when there
     * is one (unless {@code fresh}), a new one otherwise. The future completes on {@code loop}.
     */
    public Future<Channel> acquire(Endpoint endpoint, EventLoop loop, Duration connectTimeout, boolean fresh) {
        assert loop.inEventLoop();
        Backend backend = endpoint.backend();
        if (endpoint.protocol().reusable() && !fresh) {
            ArrayDeque<Channel> idle = pools.get().idle.get(backend);
            while (idle != null && !idle.isEmpty()) {
                Channel ch = idle.pollLast();
                if (ch.isActive()) {
                    return loop.newSucceededFuture(ch);
                }
            }
        }
        Class<? extends Channel> cls = backend.isUnix() ? transport.domainSocketChannel() : transport.socketChannel();
        if (cls == null) {
            return loop.newFailedFuture(new IllegalStateException(
                    "unix-socket backends need a native transport (epoll or io_uring)"));
        }
        UpstreamProtocol protocol = endpoint.protocol();
        Bootstrap b = new Bootstrap().group(loop).channel(cls)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        protocol.initPipeline(ch.pipeline());
                        ch.pipeline().addLast(new UpstreamHandler());
                    }
                });
        if (!backend.isUnix()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        ChannelFuture connect = b.connect(backend.address());
        Promise<Channel> promise = loop.newPromise();
        connect.addListener(f -> {
            if (f.isSuccess()) {
                promise.setSuccess(connect.channel());
            } else {
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    /**
     * Closes a connection that cannot be reused; its exchange hears nothing more from it. The future
     * completes once the socket is closed, which on io_uring is a little after this returns.
     */
    public static ChannelFuture discard(Channel ch) {
        UpstreamHandler h = UpstreamHandler.of(ch);
        if (h != null) {
            h.detach();
        }
        return ch.close();
    }

    /**
     * Starts using {@code ch} for an exchange; true when it came from the pool (it served an earlier
     * request) rather than from a new connect.
     */
    public static boolean attach(Channel ch, UpstreamListener listener) {
        UpstreamHandler h = UpstreamHandler.of(ch);
        h.attach(listener);
        return h.pooledBefore();
    }

    /**
     * Gives back a connection whose response completed; it is kept for reuse when the protocol allows,
     * closed otherwise. Must be called on the connection's loop.
     *
     * @return null when the connection was kept, else its closing, as {@link #discard} returns it
     */
    public ChannelFuture release(Channel ch, Endpoint endpoint) {
        UpstreamHandler h = UpstreamHandler.of(ch);
        if (h != null) {
            h.detach();
        }
        if (h == null || !endpoint.protocol().reusable() || !ch.isActive()) {
            return ch.close();
        }
        LoopPool pool = pools.get();
        ArrayDeque<Channel> idle = pool.idle.computeIfAbsent(endpoint.backend(), k -> new ArrayDeque<>());
        if (idle.size() >= MAX_IDLE_PER_BACKEND) {
            return ch.close();
        }
        h.enteredPool(System.nanoTime());
        idle.addLast(ch);
        ch.read(); // so that a close, or an unsolicited answer, is noticed while it idles
        pool.scheduleSweep(ch.eventLoop());
        return null;
    }

    /** Idle connections of one event loop. */
    private final class LoopPool {
        final Map<Backend, ArrayDeque<Channel>> idle = new HashMap<>();
        boolean sweepScheduled;

        void scheduleSweep(EventLoop loop) {
            if (sweepScheduled) {
                return;
            }
            sweepScheduled = true;
            loop.schedule(() -> {
                sweepScheduled = false;
                sweep();
                if (!idle.isEmpty()) {
                    scheduleSweep(loop);
                }
            }, Math.max(1, idleTimeoutNanos / 4), TimeUnit.NANOSECONDS);
        }

        void sweep() {
            long now = System.nanoTime();
            for (Iterator<ArrayDeque<Channel>> it = idle.values().iterator(); it.hasNext(); ) {
                ArrayDeque<Channel> q = it.next();
                q.removeIf(ch -> {
                    UpstreamHandler h = UpstreamHandler.of(ch);
                    if (!ch.isActive() || h == null || now - h.idleSince() > idleTimeoutNanos) {
                        ch.close();
                        return true;
                    }
                    return false;
                });
                if (q.isEmpty()) {
                    it.remove();
                }
            }
        }
    }
}
