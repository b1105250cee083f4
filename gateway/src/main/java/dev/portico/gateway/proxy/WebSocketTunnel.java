package dev.portico.gateway.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpObjectEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket after its 101: the visitor's connection and the app's, joined as a byte tunnel. Frames are
 * not parsed; the app speaks WebSocket to the visitor through it. The tunnel holds its own channels,
 * its cap slot and idle timeout, and nothing of the app's config: reloads never touch it. It ends when
 * either side closes or when no byte moved either way for the app's {@code websocket.idle}.
 */
final class WebSocketTunnel {

    /** How long a closing side may take to flush what it still has before it is cut. */
    private static final long CLOSE_GRACE_NANOS = Duration.ofSeconds(10).toNanos();

    private final Channel downstream;
    private final Channel upstream;
    private final WebSocketSlots.Slot slot;
    private final long idleNanos;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> idleTimer;
    private boolean closed;

    private WebSocketTunnel(Channel downstream, Channel upstream, WebSocketSlots.Slot slot, Duration idle) {
        this.downstream = downstream;
        this.upstream = upstream;
        this.slot = slot;
        this.idleNanos = idle.toNanos();
    }

    /**
     * Turns both connections into the tunnel, on their common event loop: the HTTP handlers leave both
     * pipelines (bytes they still held go into the tunnel), and reading starts on both sides.
     */
    static WebSocketTunnel open(Channel downstream, Channel upstream, WebSocketSlots.Slot slot, Duration idle) {
        assert downstream.eventLoop().inEventLoop() && upstream.eventLoop().inEventLoop() : "one event loop for both";
        WebSocketTunnel t = new WebSocketTunnel(downstream, upstream, slot, idle);
        TunnelHandler fromVisitor = new TunnelHandler(t, upstream);
        TunnelHandler fromApp = new TunnelHandler(t, downstream);
        fromVisitor.pairWith(fromApp);
        fromApp.pairWith(fromVisitor);
        downstream.pipeline().addLast("websocket", fromVisitor);
        removeAfter(downstream.pipeline(), fromVisitor, true);
        upstream.pipeline().addLast("websocket", fromApp);
        removeAfter(upstream.pipeline(), fromApp, false);
        t.idleTimer = downstream.eventLoop().schedule(t::idleCheck, t.idleNanos, TimeUnit.NANOSECONDS);
        fromVisitor.start();
        fromApp.start();
        if (!downstream.isActive() || !upstream.isActive()) {
            t.close(); // one side went away during the switch; its close event came before the tunnel
        }
        return t;
    }

    /**
     * Removes, from the tail towards the head, the handlers that spoke HTTP (every other one on the app's
     * side, which is all ours), so that what a removed decoder still buffered reaches the tunnel.
     */
    private static void removeAfter(ChannelPipeline p, ChannelHandler keep, boolean onlyHttp) {
        List<ChannelHandler> handlers = new ArrayList<>();
        for (Map.Entry<String, ChannelHandler> e : p) {
            handlers.add(e.getValue());
        }
        for (int i = handlers.size() - 1; i >= 0; i--) {
            ChannelHandler h = handlers.get(i);
            if (h != keep && (!onlyHttp || speaksHttp(h))) {
                p.remove(h);
            }
        }
    }

    private static boolean speaksHttp(ChannelHandler h) {
        return h instanceof HttpObjectDecoder || h instanceof HttpObjectEncoder || h instanceof HttpServerCodec
                || h instanceof FlowControlHandler || h instanceof ChunkedWriteHandler || h instanceof DownstreamHandler;
    }

    boolean closed() {
        return closed;
    }

    /** A byte moved: the idle clock starts over. */
    void active() {
        lastActivity = System.nanoTime();
    }

    private void idleCheck() {
        if (closed) {
            return;
        }
        long quiet = System.nanoTime() - lastActivity;
        if (quiet >= idleNanos) {
            close();
        } else {
            idleTimer = downstream.eventLoop().schedule(this::idleCheck, idleNanos - quiet, TimeUnit.NANOSECONDS);
        }
    }

    /** Ends the tunnel: each side is closed once what was written to it is flushed. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        slot.release();
        flushAndClose(downstream);
        flushAndClose(upstream);
    }

    private static void flushAndClose(Channel ch) {
        if (!ch.isActive()) {
            ch.close();
            return;
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // a peer that stopped reading must not keep the connection forever
        ScheduledFuture<?> cut = ch.eventLoop().schedule(() -> ch.close(), CLOSE_GRACE_NANOS, TimeUnit.NANOSECONDS);
        ch.closeFuture().addListener(f -> cut.cancel(false));
    }
}
