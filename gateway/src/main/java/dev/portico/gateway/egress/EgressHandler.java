package dev.portico.gateway.egress;

import dev.portico.gateway.config.HostForm;
import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.failure.FailureResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The egress proxy on one client connection: reads one request at a time and hands it to a
 * {@link Tunnel} (CONNECT) or a {@link Forward} (absolute-form plain HTTP); keeps the connection for the
 * next request, and the last plain-HTTP upstream connection for a next request to the same place by the
 * same account. The channel does not auto-read: a flow-control handler in front delivers one message
 * per {@link #read()}.
 */
final class EgressHandler extends ChannelInboundHandlerAdapter {

    private static final String PROXY_AUTHENTICATE = "Basic realm=\"portico egress\", charset=\"UTF-8\"";

    private final Egress egress;
    private ChannelHandlerContext ctx;
    private InetAddress source;
    private Exchange current;
    private KeptUpstream kept;
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
            boolean full = msg instanceof FullHttpRequest; // only a request the decoder could not read
            ReferenceCountUtil.release(msg);
            if (current != null) {
                ctx.close(); // cannot happen while reads are paced
            } else if (full || req.decoderResult().isFailure()) {
                badRequest(req, "The request could not be read: " + req.decoderResult().cause());
            } else if (req.method().equals(HttpMethod.CONNECT)) {
                tunnel(req);
            } else {
                forward(req);
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

    private void tunnel(HttpRequest req) {
        if (HttpUtil.getContentLength(req, 0L) > 0 || HttpUtil.isTransferEncodingChunked(req)) {
            badRequest(req, "A CONNECT request has no body.");
            return;
        }
        Target target;
        try {
            target = Target.parse(req.uri(), -1);
        } catch (IllegalArgumentException e) {
            badRequest(req, "CONNECT names host:port: " + e.getMessage());
            return;
        }
        start(new Tunnel(egress, this, ctx, ask(req, target)));
    }

    private void forward(HttpRequest req) {
        String uri = req.uri();
        if (uri.regionMatches(true, 0, "https://", 0, 8)) {
            badRequest(req, "Send https requests through a CONNECT tunnel (https_proxy), not to the proxy itself.");
            return;
        }
        if (!uri.regionMatches(true, 0, "http://", 0, 7)) {
            badRequest(req, "This is the egress proxy: send absolute-form requests (GET http://host/path, as "
                    + "http_proxy clients do) or CONNECT host:port.");
            return;
        }
        int start = 7;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        Target target;
        try {
            target = Target.parse(uri.substring(start, end), 80);
        } catch (IllegalArgumentException e) {
            badRequest(req, "The address names no destination: " + e.getMessage());
            return;
        }
        String rest = uri.substring(end);
        int hash = rest.indexOf('#');
        rest = hash >= 0 ? rest.substring(0, hash) : rest;
        String originForm = rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest;
        start(new Forward(egress, this, ctx, req, ask(req, target), originForm));
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
        dropKept();
    }

    /**
     * The kept upstream connection when it suits the next request: same account and destination, and
     * connected to one of the addresses just checked for it. Otherwise it is closed, and null returned.
     */
    Channel takeKept(String account, Target target, List<InetAddress> addresses) {
        KeptUpstream k = kept;
        kept = null;
        if (k == null) {
            return null;
        }
        Channel ch = k.channel();
        if (ch.isActive() && k.account().equals(account) && k.host().equals(target.host()) && k.port() == target.port()
                && ch.remoteAddress() instanceof InetSocketAddress a && addresses.contains(a.getAddress())) {
            return ch;
        }
        ch.close();
        return null;
    }

    /** Keeps an idle upstream connection for the next request; it reads, so that a close is noticed. */
    void keep(Channel upstream, String account, Target target) {
        dropKept();
        UpstreamLink.of(upstream).detach();
        kept = new KeptUpstream(upstream, account, target.host(), target.port());
        upstream.read();
    }

    private void dropKept() {
        if (kept != null) {
            kept.channel().close();
            kept = null;
        }
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
        dropKept();
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

    /** An idle upstream connection and whom it served. */
    private record KeptUpstream(Channel channel, String account, HostForm host, int port) {
    }
}
