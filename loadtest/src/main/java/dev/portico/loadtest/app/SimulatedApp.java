package dev.portico.loadtest.app;

import dev.portico.loadtest.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One running simulated app: a listener (TCP or unix socket) speaking HTTP/1.1 or uwsgi, in front of a
 * {@link WorkerPool}. A request takes a worker, holds it for a service time drawn from the app's
 * distribution (a timer on the connection's event loop, never a sleeping thread), then is answered.
 */
public final class SimulatedApp implements AutoCloseable {

    /** What a request does once its worker is free and its service time has passed. */
    @FunctionalInterface
    interface Work {
        /** Answers; calls {@code done} to give the worker back first. */
        void finish(int worker, Runnable done);
    }

    private final AppSpec spec;
    private final WorkerPool pool;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private Channel listener;
    private AppUri bound;

    private SimulatedApp(AppSpec spec) {
        this.spec = spec;
        this.pool = new WorkerPool(spec.workers(), spec.listen());
    }

    /** Binds {@code spec}'s address on {@code group}; a stale unix socket file is replaced, as uWSGI does. */
    public static SimulatedApp start(AppSpec spec, EventLoopGroup group, Transport transport)
            throws InterruptedException {
        SimulatedApp app = new SimulatedApp(spec);
        AppUri uri = spec.uri();
        if (uri.isUnix()) {
            String why = transport.unixUnavailable();
            if (why != null) {
                throw new IllegalStateException(uri + ": " + why);
            }
            try {
                Files.deleteIfExists(uri.socket());
            } catch (IOException e) {
                throw new UncheckedIOException(uri + ": cannot replace the socket file", e);
            }
        }
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel(uri.isUnix()))
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        app.connections.add(ch);
                        app.accepted.incrementAndGet();
                        app.initPipeline(ch.pipeline());
                    }
                });
        if (!uri.isUnix()) {
            b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
        }
        try {
            app.listener = b.bind(uri.address()).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException(uri + ": cannot listen: " + e.getMessage(), e);
        }
        app.bound = uri.isUnix() ? uri : uri.withPort(((InetSocketAddress) app.listener.localAddress()).getPort());
        return app;
    }

    private void initPipeline(ChannelPipeline p) {
        if (spec.uri().protocol() == AppUri.Protocol.UWSGI) {
            p.addLast(new UwsgiRequestDecoder(), new UwsgiAppHandler(this));
            return;
        }
        p.addLast(new HttpServerCodec(), new HttpObjectAggregator(UwsgiRequestDecoder.MAX_BODY),
                new WebSocketServerProtocolHandler("/ws", null, true), new WebSocketEchoHandler(),
                new HttpAppHandler(this));
    }

    /**
     * Queues a request from {@code ch}: once a worker is free and the service time has passed,
     * {@code work} runs on {@code ch}'s event loop. False when the listen queue is full.
     */
    boolean serve(Channel ch, Work work) {
        return pool.submit(worker -> {
            long nanos = spec.service().nextNanos(ThreadLocalRandom.current());
            Runnable finish = () -> work.finish(worker, () -> pool.release(worker));
            if (nanos <= 0) {
                ch.eventLoop().execute(finish);
            } else {
                ch.eventLoop().schedule(finish, nanos, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** The listen queue overflowed: the connection is reset, as a full uWSGI backlog refuses connects. */
    void refuse(Channel ch) {
        if (!spec.uri().isUnix()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ch.close();
    }

    public AppSpec spec() {
        return spec;
    }

    /** The address actually listened on (the free port when the spec said 0). */
    public AppUri uri() {
        return bound;
    }

    /** Connections accepted since the start. */
    public long accepted() {
        return accepted.get();
    }

    public WorkerPool pool() {
        return pool;
    }

    /** {@code serving <uri> (<name>, N workers, <dist>)}, the line the demo waits for. */
    public String servingLine() {
        return "serving " + bound + " (" + spec.name() + ", " + spec.workers() + " workers, " + spec.service() + ")";
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            connections.close().awaitUninterruptibly();
            if (spec.uri().isUnix()) {
                try {
                    Files.deleteIfExists(spec.uri().socket());
                } catch (IOException e) {
                    // the socket file stays behind; the next start replaces it
                }
            }
        }
    }
}
