package dev.portico.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's request decoder, stricter: a request head with an obs-fold line is refused instead of being
 * unfolded, and the connection's two timers live here because only the decoder sees a head's first
 * byte: idle keep-alive (close quietly) and head-not-finished-in-time (408, then close).
 *
 * <p>Heads are decoded only once complete (bounded by the size limits), so that the fold check sees a
 * whole head. Bodies pass straight through.
 */
public final class RequestDecoder extends HttpRequestDecoder {

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private final int maxHead;
    private ChannelHandlerContext ctx;
    private boolean awaitingHead = true;
    private boolean broken;
    private boolean armed;
    private boolean headTimerRunning;
    /** What the deadline means: nothing, the idle timeout, or the header timeout. */
    private int waiting = NOTHING;
    private long deadline;
    /**
     * The one timer of the connection, rescheduled only when it fires: it never waits longer than the
     * shorter of the two timeouts, so it always fires at or before any deadline set after it was
     * scheduled, and a keep-alive request costs no schedule/cancel pair on the event loop's queue.
     */
    private ScheduledFuture<?> timer;
    private final long tickNanos;

    private static final int NOTHING = 0;
    private static final int IDLE = 1;
    private static final int HEAD = 2;

    public RequestDecoder(HttpDecoderConfig config, long headerTimeoutNanos, long idleTimeoutNanos) {
        super(config);
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.maxHead = config.getMaxInitialLineLength() + config.getMaxHeaderSize() + 4;
        this.tickNanos = Math.max(1, Math.min(headerTimeoutNanos, idleTimeoutNanos));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /**
     * The connection waits for its next request: quietly closed after the idle timeout unless a head
     * starts, which then has the header timeout to finish.
     */
    public void awaitRequest() {
        armed = true;
        cancelTimer();
        ByteBuf pending = internalBuffer();
        if (awaitingHead && pending.isReadable()) {
            startHeadTimer();
        } else {
            headTimerRunning = false;
            waitFor(IDLE, idleTimeoutNanos);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (awaitingHead) {
            if (armed && !headTimerRunning && in.isReadable()) {
                startHeadTimer();
            }
            int scan = HeadScan.scan(in);
            if (scan == HeadScan.FOLDED) {
                in.skipBytes(in.readableBytes());
                reject(out, new IllegalArgumentException("obs-fold (a header line starting with a space or tab)"));
                return;
            }
            if (scan == HeadScan.INCOMPLETE && in.readableBytes() <= maxHead) {
                return; // wait for the rest of the head; Netty's own limits apply beyond maxHead
            }
        }
        int before = out.size();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest req) {
                awaitingHead = false;
                armed = false;
                cancelTimer();
                if (req.decoderResult().isFailure()) {
                    broken = true;
                }
            }
            if (o instanceof LastHttpContent) {
                awaitingHead = true;
            }
        }
    }

    @Override
    public void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        dropTimer();
        super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropTimer();
        super.channelInactive(ctx);
    }

    private void startHeadTimer() {
        headTimerRunning = true;
        waitFor(HEAD, headerTimeoutNanos);
    }

    private void waitFor(int what, long timeoutNanos) {
        waiting = what;
        deadline = System.nanoTime() + timeoutNanos;
        if (timer == null) {
            timer = ctx.executor().schedule(this::tick, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        timer = null;
        if (waiting == NOTHING || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this::tick, Math.min(left, tickNanos), TimeUnit.NANOSECONDS);
        } else if (waiting == IDLE) {
            waiting = NOTHING;
            ctx.close();
        } else {
            waiting = NOTHING;
            if (awaitingHead && !broken) {
                List<Object> out = new java.util.ArrayList<>(1);
                reject(out, new RequestHeadTimeoutException());
                internalBuffer().skipBytes(internalBuffer().readableBytes());
                ctx.fireChannelRead(out.get(0));
                ctx.fireChannelReadComplete();
            }
        }
    }

    /** Stops waiting; the pending timer, if any, finds nothing to do when it fires. */
    private void cancelTimer() {
        waiting = NOTHING;
    }

    /** The connection is gone: the pending timer is dropped from the queue. */
    private void dropTimer() {
        waiting = NOTHING;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void reject(List<Object> out, Exception cause) {
        broken = true;
        armed = false;
        cancelTimer();
        HttpRequest bad = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
                Unpooled.EMPTY_BUFFER);
        bad.setDecoderResult(DecoderResult.failure(cause));
        out.add(bad);
    }

    /** The head did not arrive within the header timeout. */
    public static final class RequestHeadTimeoutException extends Exception {
        RequestHeadTimeoutException() {
            super("request head not received in time", null, false, false);
        }
    }
}
