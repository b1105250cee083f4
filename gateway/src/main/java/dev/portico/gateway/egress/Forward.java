package dev.portico.gateway.egress;

import dev.portico.gateway.config.EgressConfig;
import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.upstream.http.HttpProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One absolute-form plain-HTTP request ({@code GET http://host/path}): cleared by the {@link Checkpoint},
 * sent in origin form without hop-by-hop and {@code Proxy-*} headers over a connection to a checked
 * address (the kept one when it suits), and its answer streamed back; both bodies move with
 * backpressure. Runs on the client's event loop, as does its upstream connection. Every ending goes
 * through {@link #end}, which releases the account's slot and audits, exactly once.
 */
final class Forward implements Exchange, UpstreamLink.Listener {

    private final Egress egress;
    private final EgressHandler handler;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final Ask ask;
    private final String originForm;
    private final boolean head;
    private final HttpVersion clientVersion;
    private final long startNanos = System.nanoTime();
    private final boolean hasBody;

    private Clearance.Cleared cleared;
    private EgressConfig.Timeouts timeouts;
    private Channel upstream;
    private String connectedTo;
    private ScheduledFuture<?> responseTimer;
    private boolean keepAlive;
    private boolean reused;
    private boolean retried;
    private boolean requestComplete;
    private boolean informational;
    private boolean responseStarted;
    private boolean untilClose;
    private boolean upstreamReusable;
    private boolean awaitingUpstreamWritable;
    private boolean awaitingDownstreamWritable;
    private boolean done;
    private int status;
    private long bytesUp;
    private long bytesDown;

    Forward(Egress egress, EgressHandler handler, ChannelHandlerContext ctx, HttpRequest request, Ask ask,
            String originForm) {
        this.egress = egress;
        this.handler = handler;
        this.ctx = ctx;
        this.request = request;
        this.ask = ask;
        this.originForm = originForm;
        this.head = request.method().equals(HttpMethod.HEAD);
        this.clientVersion = request.protocolVersion(); // before the request is rewritten to HTTP/1.1
        this.hasBody = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    @Override
    public void start() {
        keepAlive = HttpUtil.isKeepAlive(request);
        Checkpoint.clear(egress, ctx.channel().eventLoop(), ask, this::decided);
    }

    private void decided(Clearance c) {
        if (c instanceof Clearance.Refused r) {
            if (!done) {
                done = true;
                handler.refuse(this, r, keepAlive && !hasBody); // an unread body would be taken for a request
            }
            return;
        }
        cleared = (Clearance.Cleared) c;
        timeouts = egress.policy().config().policy().timeouts();
        if (done) {
            cleared.slot().release(); // the client left while this was decided
            return;
        }
        Channel kept = handler.kept().take(cleared.caller().account(), ask.target(), cleared.addresses());
        if (kept != null) {
            reused = true;
            attach(kept);
        } else {
            dial();
        }
    }

    private void dial() {
        Bootstrap b = Dialer.bootstrap(egress.transport(), new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                // the codec to an app's HTTP backend: header names checked as tokens, a HEAD's answer bodyless
                HttpProtocol.INSTANCE.initPipeline(ch.pipeline());
                ch.pipeline().addLast(new UpstreamLink());
            }
        });
        Future<Channel> f = Dialer.dial(b, ctx.channel().eventLoop(), cleared.addresses(), ask.target().port(),
                timeouts.connect());
        f.addListener(x -> connected(f));
    }

    private void connected(Future<Channel> f) {
        if (done) {
            if (f.isSuccess()) {
                f.getNow().close();
            }
            return;
        }
        if (!f.isSuccess()) {
            boolean timeout = f.cause() instanceof ConnectTimeoutException;
            fail(timeout ? Failure.EGRESS_TIMEOUT : Failure.EGRESS_CONNECT, timeout ? "connect_timeout" : "connect",
                    timeout ? "No connection within " + timeouts.connect().toMillis() + " ms."
                            : "Connecting failed: " + f.cause().getMessage());
            return;
        }
        attach(f.getNow());
    }

    private void attach(Channel ch) {
        upstream = ch;
        connectedTo = ((InetSocketAddress) ch.remoteAddress()).getAddress().getHostAddress();
        UpstreamLink.of(ch).attach(this);
        if (!retried) {
            ProxyHeaders.strip(request.headers());
            request.headers().set(HttpHeaderNames.HOST, ask.target().hostHeader());
            request.setUri(originForm);
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        upstream.write(request);
        responseTimer = ctx.executor().schedule(this::responseTimeout, timeouts.response().toNanos(),
                TimeUnit.NANOSECONDS);
        upstream.read();
        if (requestComplete) {
            upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT); // a retry of a request without body
        } else {
            upstream.flush();
            handler.read();
        }
    }

    // ------------------------------------------------------------------ request body, client to destination

    @Override
    public void requestContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (done || upstream == null) {
            c.release();
            requestComplete |= last;
            return;
        }
        if (c.decoderResult().isFailure()) {
            c.release();
            keepAlive = false;
            fail(Failure.BAD_REQUEST, "bad_request", "The request body could not be read.");
            return;
        }
        bytesUp += c.content().readableBytes();
        requestComplete |= last;
        upstream.writeAndFlush(c);
        if (last) {
            return;
        }
        if (upstream.isWritable()) {
            handler.read();
        } else {
            awaitingUpstreamWritable = true;
        }
    }

    @Override
    public void upstreamWritable() {
        if (awaitingUpstreamWritable && !done && upstream != null && upstream.isWritable()) {
            awaitingUpstreamWritable = false;
            handler.read();
        }
    }

    // ------------------------------------------------------------------ response, destination to client

    @Override
    public void upstreamResponse(HttpResponse res) {
        if (done) {
            return;
        }
        if (res.decoderResult().isFailure() || res.status().code() == 101) {
            upstreamBroken("The destination sent an answer that could not be read.");
            return;
        }
        upstreamReusable = HttpUtil.isKeepAlive(res);
        ProxyHeaders.strip(res.headers());
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (res.status().code() < 200) {
            informational = true; // such as 100 Continue: passed on, the final answer follows
            ctx.write(res);
            return;
        }
        cancelResponseTimer();
        Framing framing = Framing.of(clientVersion, head, res, keepAlive);
        keepAlive = framing.keepAlive();
        untilClose = framing.untilClose();
        upstreamReusable &= !untilClose;
        int code = res.status().code();
        status = code;
        responseStarted = true;
        ctx.write(res);
    }

    @Override
    public void upstreamContent(HttpContent c) {
        if (done) {
            c.release();
            return;
        }
        boolean last = c instanceof LastHttpContent;
        if (informational) {
            informational = !last;
            ctx.write(c);
            return;
        }
        if (!responseStarted) {
            c.release();
            return;
        }
        bytesDown += c.content().readableBytes();
        if (last) {
            complete(ctx.writeAndFlush(c));
        } else {
            ctx.write(c);
        }
    }

    @Override
    public void upstreamReadComplete() {
        if (done || upstream == null) {
            return;
        }
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            awaitingDownstreamWritable = true;
            return;
        }
        upstream.read();
    }

    @Override
    public void downstreamWritable() {
        if (awaitingDownstreamWritable && !done && upstream != null && ctx.channel().isWritable()) {
            awaitingDownstreamWritable = false;
            upstream.read();
        }
    }

    private void complete(ChannelFuture written) {
        Channel up = upstream;
        upstream = null;
        UpstreamLink.of(up).detach();
        if (upstreamReusable && requestComplete && !untilClose && keepAlive) {
            handler.kept().keep(up, cleared.caller().account(), ask.target());
        } else {
            up.close();
        }
        end(written, null);
    }

    @Override
    public void upstreamClosed(Throwable cause) {
        if (done) {
            return;
        }
        upstream = null;
        if (responseStarted) {
            keepAlive = false; // the body was cut short: the client must see it end early
            end(ctx.newSucceededFuture(), "truncated");
            ctx.close();
            return;
        }
        if (reused && !retried && bytesUp == 0 && requestComplete) {
            // A kept connection the destination had closed meanwhile: the request never reached it.
            retried = true;
            cancelResponseTimer();
            dial();
            return;
        }
        upstreamBroken("The destination closed the connection before it answered.");
    }

    private void responseTimeout() {
        if (!done && !responseStarted) {
            fail(Failure.EGRESS_TIMEOUT, "response_timeout", "No answer within " + timeouts.response().toMillis()
                    + " ms (timeout.response).");
        }
    }

    private void upstreamBroken(String detail) {
        fail(Failure.EGRESS_CONNECT, "upstream_reset", detail);
    }

    // ------------------------------------------------------------------ endings

    @Override
    public void downstreamClosed() {
        if (done) {
            return;
        }
        keepAlive = false;
        if (status == 0) {
            status = 499; // the client closed first
        }
        if (cleared == null) {
            done = true; // still being decided: the decision finds done and lets go
            return;
        }
        end(ctx.newSucceededFuture(), "client_closed");
    }

    /** Answers {@code failure} in the gateway's name, or closes when the answer had begun. */
    private void fail(Failure failure, String reason, String detail) {
        if (done) {
            return;
        }
        if (responseStarted) {
            keepAlive = false;
            end(ctx.newSucceededFuture(), reason);
            ctx.close();
            return;
        }
        status = failure.status().code();
        keepAlive &= requestComplete;
        end(null, reason);
        handler.refuse(this, new Clearance.Refused(failure, "Destination: " + ask.target() + "\n" + detail, 0),
                keepAlive);
    }

    /**
     * Releases what the request holds and audits it, once. {@code failure} names what went wrong after
     * clearance (null when the answer arrived whole). With {@code written} null the caller answers.
     */
    private void end(ChannelFuture written, String failure) {
        if (done) {
            return;
        }
        done = true;
        cancelResponseTimer();
        if (upstream != null) {
            UpstreamLink.of(upstream).detach();
            upstream.close();
            upstream = null;
        }
        cleared.slot().release();
        Verdict v = cleared.verdict();
        String decision = failure != null ? AuditRecord.FAILED
                : v.wouldDeny() ? AuditRecord.WOULD_DENY : AuditRecord.ALLOWED;
        String reason = failure != null ? failure : v.wouldDeny() ? v.reason().label() : null;
        Caller caller = cleared.caller();
        egress.audit().record(new AuditRecord(ask.client(), caller.account(), caller.tier().label(), ask.method(),
                ask.target().hostText(), ask.target().port(), connectedTo, decision, reason, status, bytesUp,
                bytesDown, System.nanoTime() - startNanos));
        if (written != null) {
            handler.finish(this, written, keepAlive && requestComplete);
        }
    }

    private void cancelResponseTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }
}
