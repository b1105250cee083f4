package dev.portico.gateway.egress;

import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.failure.FailureResponse;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The egress proxy on one client connection: reads one request at a time and hands it to a
 * {@link Tunnel} (CONNECT) or a {@link Forward} (absolute-form plain HTTP); answers refusals; keeps the
 * connection for the next request, and the last upstream connection in {@link KeptUpstream}. The
 * channel does not auto-read: a flow-control handler in front delivers one message per {@link #read()}.
 */
final class EgressHandler extends ChannelInboundHandlerAdapter {

    private static final String PROXY_AUTHENTICATE = "Basic realm=\"portico egress\", charset=\"UTF-8\"";

    private final Egress egress;
    private ChannelHandlerContext ctx;
    private InetAddress source;
    private Exchange current;
    private final KeptUpstream kept = new KeptUpstream();
    private boolean readWanted;
    private ScheduledFuture<?> idleTimer;

    EgressHandler(Egress egress) {
        this.egress = egress;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            source = a.getAddress();
        }
        awaitRequest();
        ctx.fireChannelActive();
    }

    /** Asks for the next message; a read that ends without one renews the wish (see channelReadComplete). */
    void read() {
        readWanted = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readWanted) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readWanted = false;
        if (msg instanceof HttpRequest req) {
            cancelIdleTimer();
            ReferenceCountUtil.release(msg); // a FullHttpRequest (with no body) only when it could not be read
            if (current != null) {
                ctx.close(); // cannot happen while reads are paced
                return;
            }
            ProxyRequest r = ProxyRequest.of(req);
            if (r instanceof ProxyRequest.Connect c) {
                start(new Tunnel(egress, this, ctx, ask(req, c.target())));
            } else if (r instanceof ProxyRequest.Plain p) {
                start(new Forward(egress, this, ctx, req, ask(req, p.target()), p.originForm()));
            } else {
                badRequest(req, ((ProxyRequest.Bad) r).detail());
            }
        } else if (msg instanceof HttpContent c) {
            if (current != null) {
                current.requestContent(c);
            } else {
                c.release(); // the end of a refused request's empty body; wait for the next head
                read();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private Ask ask(HttpRequest req, Target target) {
        return new Ask(source, req.method().name(), target, req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION));
    }

    private void start(Exchange ex) {
        current = ex;
        ex.start();
    }

    private void badRequest(HttpRequest req, String detail) {
        egress.audit().record(new AuditRecord(source == null ? "-" : source.getHostAddress(), "-",
                AuditRecord.NO_TIER, req.method().name(), null, 0, null, AuditRecord.DENIED, "bad_request", 400,
                0, 0, 0));
        answer(FailureResponse.renderText(ctx.alloc(), Failure.BAD_REQUEST, detail, 0), false)
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Answers a refusal; keeps the connection when {@code keepAlive}, then the exchange is over. */
    void refuse(Exchange ex, Clearance.Refused r, boolean keepAlive) {
        FullHttpResponse res = FailureResponse.renderText(ctx.alloc(), r.failure(), r.detail(), r.retryAfterSeconds());
        if (r.failure() == Failure.EGRESS_AUTH) {
            res.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, PROXY_AUTHENTICATE);
        }
        finish(ex, answer(res, keepAlive), keepAlive);
    }

    private ChannelFuture answer(FullHttpResponse res, boolean keepAlive) {
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return ctx.writeAndFlush(res);
    }

    /** The exchange is over: the next request once {@code written} is out, or close then. */
    void finish(Exchange ex, ChannelFuture written, boolean keepAlive) {
        if (current != ex) {
            return;
        }
        current = null;
        if (keepAlive && ctx.channel().isActive()) {
            awaitRequest();
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The tunnel took the connection over; this handler is leaving the pipeline. */
    void spliced(Tunnel tunnel) {
        if (current == tunnel) {
            current = null;
        }
        cancelIdleTimer();
        kept.drop();
    }

    /** The idle upstream connection kept for a next plain request. */
    KeptUpstream kept() {
        return kept;
    }

    private void awaitRequest() {
        cancelIdleTimer();
        long idle = egress.gateway().http().idleTimeout().toNanos();
        idleTimer = ctx.executor().schedule(() -> {
            if (current == null) {
                ctx.close();
            }
        }, idle, TimeUnit.NANOSECONDS);
        read();
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.downstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelIdleTimer();
        kept.drop();
        Exchange ex = current;
        current = null;
        if (ex != null) {
            ex.downstreamClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // an I/O error on the client's connection; channelInactive cleans up
    }
}
