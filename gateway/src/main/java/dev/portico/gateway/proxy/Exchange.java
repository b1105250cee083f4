package dev.portico.gateway.proxy;

import dev.portico.gateway.app.App;
import dev.portico.gateway.app.AppState;
import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.edge.RequestCheck;
import dev.portico.gateway.edge.WireResponse;
import dev.portico.gateway.edge.tls.HttpsRedirect;
import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.failure.FailureResponse;
import dev.portico.gateway.limit.Admission;
import dev.portico.gateway.limit.Permit;
import dev.portico.gateway.limit.Ticket;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.route.HostName;
import dev.portico.gateway.upstream.ConnectionPool;
import dev.portico.gateway.upstream.Endpoint;
import dev.portico.gateway.upstream.RequestContext;
import dev.portico.gateway.upstream.UpstreamListener;
import dev.portico.gateway.upstream.WholeResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One request from its head to the last byte of its answer: route, admission, an upstream connection,
 * then both bodies streamed with backpressure. Runs entirely on the downstream channel's event loop
 * (upstream connections are opened on the same loop); queue wake-ups arrive through that loop too.
 *
 * <p>Every way it can end ({@link #responseComplete}, {@link #fail}, {@link #downstreamClosed}) goes
 * through {@link #end}, which releases the permit, the endpoint and the upstream connection exactly
 * once.
 */
final class Exchange implements UpstreamListener {

    /** A request body up to this size is read and dropped after a local answer, keeping the connection. */
    private static final long DISCARDABLE_BODY = 64 * 1024;
    /** A whole answer's body up to this size is copied behind its head, for one buffer in one write. */
    private static final int ONE_BUFFER = 1024;
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SPACE = (':' << 8) | ' ';

    private final Proxy proxy;
    private final DownstreamHandler handler;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final Visitor visitor;
    private final boolean multiplexed;
    private final long startNanos = System.nanoTime();
    private final String method;
    private final String uri;

    private HttpContent pendingContent; // an HTTP/2 request's body that arrived with its head
    private BodyCollector collector; // a chunked body gathered first, for a protocol that needs its length
    private App app;
    private AppState state;
    private String host;
    private String requestId;
    private boolean keepAlive;
    private long contentLength; // the request's, -1 without one
    private boolean chunked;
    private boolean bodyDiscardable;
    private Ticket ticket = Ticket.NONE;
    private Permit permit;
    /** The closing of an app connection this exchange did not leave in the pool: its permit waits for it. */
    private ChannelFuture upstreamClosing;
    private Endpoint endpoint;
    private Channel upstream;
    private boolean reusedConnection;
    private boolean retried;
    private boolean headersRewritten;
    private long queueNanos;
    private long connectStart;
    private long upstreamStart;
    private long bodyBytes;
    private boolean responseTimerArmed;
    private WebSocketSlots.Slot webSocket; // held from the cap check until the tunnel owns it
    private boolean switchingProtocols;
    private HttpResponse heldHead; // a response head waiting for its body, to go out with it in one write
    private boolean tunnelled;

    private boolean requestComplete;
    private boolean responseStarted;
    private boolean skippingInformational;
    private boolean untilClose;
    private boolean upstreamReusable;
    private boolean awaitingUpstreamWritable;
    private boolean awaitingDownstreamWritable;
    private boolean done;
    private int status;
    private long bytesSent;
    private Failure failure;

    Exchange(Proxy proxy, DownstreamHandler handler, ChannelHandlerContext ctx, HttpRequest request,
             HttpContent pendingContent, Visitor visitor, boolean multiplexed) {
        this.proxy = proxy;
        this.handler = handler;
        this.ctx = ctx;
        this.request = request;
        this.pendingContent = pendingContent;
        this.visitor = visitor;
        this.multiplexed = multiplexed;
        this.method = request.method().name();
        this.uri = request.uri();
    }

    // ------------------------------------------------------------------ start: route and admission

    void start() {
        proxy.exchangeStarted(); // balanced in end(), which every ending goes through
        Failure bad = RequestCheck.failure(request);
        if (bad != null) {
            keepAlive = false;
            fail(bad, RequestCheck.detail(request, bad), 0);
            return;
        }
        String rawHost = RequestCheck.host(request);
        host = HostName.normalise(rawHost);
        keepAlive = HttpUtil.isKeepAlive(request) && !proxy.draining();
        contentLength = HttpUtil.getContentLength(request, -1L);
        chunked = HttpUtil.isTransferEncodingChunked(request);
        bodyDiscardable = !chunked && contentLength <= DISCARDABLE_BODY;
        if (rawHost != null && host == null) {
            keepAlive = false;
            fail(Failure.BAD_REQUEST, multiplexed ? "The :authority is not a valid host name."
                    : "The Host header is not a valid host name.", 0);
            return;
        }
        app = host == null ? null : proxy.apps().snapshot().route(host);
        if (app == null) {
            // the host as the gateway read it (normalised: only a host name's characters) tells the owner
            // which domain to add, or the visitor which address it really asked for
            fail(Failure.NO_ROUTE, host == null ? "The request names no host: it has no Host header."
                    : "No app has the domain " + host + ".", 0);
            return;
        }
        if (!visitor.secure() && app.config().https().force()) {
            redirectToHttps();
            return;
        }
        state = app.state();
        if (proxy.front().takes(this, app.config())) {
            return; // answered by the gateway (auth, static file), or forward() once the visitor passed
        }
        forward();
    }

    /** On to the app itself, past its front (auth, static mappings). */
    void forward() {
        if (done) {
            return;
        }
        AppConfig config = app.config();
        if (contentLength > config.maxBody()) {
            fail(Failure.BODY_TOO_LARGE, null, 0);
            return;
        }
        if (state.endpoints().all().isEmpty()) {
            fail(Failure.NOT_FOUND, null, 0);
            return;
        }
        if (state.endpoints().allRefusing()) {
            reject(Failure.CIRCUIT_OPEN, config.circuit().openFor().toSeconds());
            return;
        }
        if (WebSocketUpgrade.requested(request, multiplexed)) {
            webSocket = proxy.webSockets().tryOpen(app.name(), config.webSockets().max());
            if (webSocket == null) {
                reject(Failure.WEBSOCKET_LIMIT, 1);
                return;
            }
        }
        if (chunked && needsContentLength()) {
            collectBody();
            return;
        }
        admit();
    }

    private void admit() {
        ticket = state.limiter().admit(ctx.executor(), this::admitted);
    }

    private boolean needsContentLength() {
        for (Endpoint e : state.endpoints().all()) {
            if (e.protocol().needsContentLength()) {
                return true;
            }
        }
        return false;
    }

    /** Gathered before admission, so that a slow upload holds none of the app's workers. */
    private void collectBody() {
        if (HttpUtil.is100ContinueExpected(request) && !multiplexed) {
            request.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        collector = new BodyCollector(ctx.executor(), BodyFile.IO, ctx.alloc(), BodyCollector.MEMORY_LIMIT,
                app.config().maxBody(), app.config().timeouts().response(), this::readRequestBody,
                this::bodyCollected, (f, detail) -> fail(f, detail, 0));
        readRequestBody();
    }

    private void bodyCollected() {
        request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(request, collector.length());
        admit();
    }

    private void admitted(Admission admission) {
        if (done) {
            if (admission instanceof Admission.Granted g) {
                g.permit().release(); // the visitor left while the permit was on its way
            }
            return;
        }
        if (admission instanceof Admission.Rejected r) {
            reject(r.failure(), r.retryAfterSeconds());
            return;
        }
        permit = ((Admission.Granted) admission).permit();
        queueNanos = System.nanoTime() - startNanos;
        connect(null, webSocket != null); // an upgraded connection never returns to the pool
    }

    private void reject(Failure f, long retryAfterSeconds) {
        state.metrics().rejection(f.flag());
        AppConfig.Limits limits = app.config().limits();
        long delay = Math.min(limits.fullDelay().toNanos(), limits.queueTimeout().toNanos());
        if (f == Failure.QUEUE_FULL && delay > 0) {
            // paced, see AppConfig.Limits: the visitor still has its 503 well within the queue timeout
            ctx.executor().schedule(() -> fail(f, null, retryAfterSeconds), delay, TimeUnit.NANOSECONDS);
            return;
        }
        fail(f, null, retryAfterSeconds);
    }

    // ------------------------------------------------------------------ upstream connection

    private void connect(Endpoint exclude, boolean fresh) {
        endpoint = state.endpoints().take(exclude);
        if (endpoint == null) {
            reject(Failure.CIRCUIT_OPEN, app.config().circuit().openFor().toSeconds());
            return;
        }
        connectStart = System.nanoTime();
        Endpoint target = endpoint;
        Future<Channel> f = proxy.pool().acquire(target, ctx.channel().eventLoop(), app.config().timeouts().connect(),
                fresh);
        if (f.isDone()) {
            connected(f, target);
        } else {
            f.addListener(x -> connected(f, target));
        }
    }

    private void connected(Future<Channel> f, Endpoint target) {
        if (done) {
            if (f.isSuccess()) {
                // the visitor left (or the exchange ended otherwise) while this connection was being made:
                // it never carried a byte of this exchange, so the next request may use it
                proxy.pool().release(f.getNow(), target);
            }
            return;
        }
        if (!f.isSuccess()) {
            Endpoint failed = endpoint;
            endpoint = null;
            failed.failed(System.nanoTime() - connectStart, f.cause());
            state.metrics().upstreamFailure("connect");
            if (!retried && state.endpoints().hasAlternative(failed)) {
                retried = true;
                connect(failed, false);
                return;
            }
            fail(Failure.UPSTREAM_CONNECT, null, 0);
            return;
        }
        upstream = f.getNow();
        reusedConnection = ConnectionPool.attach(upstream, this);
        sendHead();
    }

    private void sendHead() {
        boolean expectContinue = HttpUtil.is100ContinueExpected(request);
        if (!headersRewritten) {
            headersRewritten = true;
            if (webSocket != null) {
                HopByHop.stripUpgradeRequest(request.headers());
            } else {
                HopByHop.stripRequest(request.headers());
            }
            requestId = ForwardedHeaders.apply(request.headers(), visitor.address(), visitor.trusted(),
                    visitor.secure(), request.headers().get(HttpHeaderNames.HOST));
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        RequestContext rc = new RequestContext(visitor.address(), visitor.port(), visitor.localPort(),
                visitor.secure(), host, requestId, app.name());
        Object head;
        try {
            head = endpoint.protocol().requestHead(request, rc);
        } catch (TooLongHttpHeaderException e) {
            upstreamClosing = ConnectionPool.discard(upstream); // nothing was written to it
            upstream = null;
            endpointReleased();
            fail(Failure.HEADERS_TOO_LARGE, null, 0);
            return;
        }
        upstream.write(head, upstream.voidPromise()); // no one waits on a write but the visitor's last
        upstreamStart = System.nanoTime();
        handler.responseTimer(ctx).arm(this, app.config().timeouts().response().toNanos());
        responseTimerArmed = true;
        upstream.read();
        if (requestComplete) {
            upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
            return;
        }
        if (expectContinue && !multiplexed) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        readRequestBody();
    }

    // ------------------------------------------------------------------ request body, downstream to upstream

    private void readRequestBody() {
        HttpContent pending = pendingContent;
        if (pending != null) {
            pendingContent = null;
            requestContent(pending);
        } else if (collector != null && collector.complete()) {
            collector.replay(this::requestContent);
        } else {
            handler.read();
        }
    }

    void requestContent(HttpContent c) {
        if (collector != null && collector.collecting() && !done) {
            collector.add(c);
            return;
        }
        boolean last = c instanceof LastHttpContent;
        if (done || upstream == null) {
            c.release();
            if (last) {
                requestComplete = true;
            }
            return;
        }
        if (c.decoderResult().isFailure()) {
            c.release(); // a broken chunk: the app's copy of the request is cut off with its connection
            keepAlive = false;
            endpointReleased();
            fail(Failure.BAD_REQUEST, null, 0);
            return;
        }
        bodyBytes += c.content().readableBytes();
        if (bodyBytes > app.config().maxBody()) {
            c.release();
            keepAlive = false;
            endpointReleased();
            fail(Failure.BODY_TOO_LARGE, null, 0);
            return;
        }
        if (last) {
            requestComplete = true;
            upstream.writeAndFlush(c, upstream.voidPromise());
            return;
        }
        upstream.writeAndFlush(c, upstream.voidPromise());
        if (upstream.isWritable()) {
            readRequestBody();
        } else {
            awaitingUpstreamWritable = true;
        }
    }

    @Override
    public void upstreamWritabilityChanged() {
        if (awaitingUpstreamWritable && !done && upstream != null && upstream.isWritable()) {
            awaitingUpstreamWritable = false;
            readRequestBody();
        }
    }

    // ------------------------------------------------------------------ response, upstream to downstream

    @Override
    public void upstreamResponse(HttpResponse res) {
        if (done) {
            return;
        }
        if (res.decoderResult().isFailure()) {
            upstreamBroken(Failure.UPSTREAM_PROTOCOL, "protocol", res.decoderResult().cause());
            return;
        }
        int code = res.status().code();
        if (code < 200 && code != 101) {
            skippingInformational = true; // the app's own 100 Continue; the visitor got ours
            return;
        }
        if (code == 101) {
            if (webSocket == null || !WebSocketUpgrade.accepted(res)) {
                upstreamBroken(Failure.UPSTREAM_PROTOCOL, "protocol", null);
                return;
            }
            cancelResponseTimer();
            switchingProtocols = true; // the tunnel opens at the end of this head (its LastHttpContent)
            status = code;
            responseStarted = true;
            ctx.write(WebSocketUpgrade.switching(res));
            return;
        }
        cancelResponseTimer();
        boolean upstreamKeepAlive = HttpUtil.isKeepAlive(res);
        HopByHop.stripResponse(res.headers());
        boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        boolean chunked = HttpUtil.isTransferEncodingChunked(res);
        boolean hasLength = res.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
        upstreamReusable = upstreamKeepAlive;
        boolean http10Visitor = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        if (!bodyless && !hasLength && !chunked) {
            untilClose = true; // the app frames the body by closing the connection
            upstreamReusable = false;
            if (http10Visitor) {
                keepAlive = false;
            } else if (!multiplexed) {
                HttpUtil.setTransferEncodingChunked(res, true);
            }
        } else if (chunked && http10Visitor) {
            HttpUtil.setTransferEncodingChunked(res, false);
            keepAlive = false;
        }
        if (!multiplexed) {
            if (!keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (http10Visitor) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        addHsts(res.headers());
        status = code;
        responseStarted = true;
        if (!multiplexed && !chunked && !untilClose) {
            heldHead = res; // see upstreamContent: a small answer goes out as one buffer in one write
        } else {
            ctx.write(res, ctx.voidPromise()); // a failed write fires exceptionCaught, which closes
        }
    }

    @Override
    public boolean acceptsWholeResponse() {
        return !done && !multiplexed && !responseStarted && webSocket == null
                && request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    }

    /** Whether the answer goes out over TLS for an app with {@code https.hsts} set (never over plain HTTP). */
    @Override
    public boolean setsStrictTransportSecurity() {
        return app != null && visitor.secure() && app.config().https().hsts().isPresent();
    }

    /** Sets the gateway's {@code Strict-Transport-Security} on an answer, when {@link #setsStrictTransportSecurity}. */
    private void addHsts(HttpHeaders headers) {
        if (setsStrictTransportSecurity()) {
            headers.set(HttpsRedirect.STRICT_TRANSPORT_SECURITY, app.config().https().hsts().get());
        }
    }

    /**
     * The common answer, forwarded as the bytes it came in (see {@code WholeResponseReader}): the app's
     * head less its hop-by-hop lines, the gateway's own lines, the body. A small body shares the head's
     * buffer, so that the answer leaves in one write as it does on the decoded path.
     */
    @Override
    public void upstreamWholeResponse(WholeResponse res) {
        if (done) {
            res.release();
            return;
        }
        ByteBuf head = res.head().retain();
        ByteBuf body = res.body().retain();
        res.release();
        cancelResponseTimer();
        upstreamReusable = res.keepAlive();
        status = res.status();
        responseStarted = true;
        if (!keepAlive) {
            head.writeBytes(CONNECTION_CLOSE);
        }
        if (setsStrictTransportSecurity()) {
            head.writeCharSequence(HttpsRedirect.STRICT_TRANSPORT_SECURITY, StandardCharsets.US_ASCII);
            head.writeShort(COLON_SPACE);
            head.writeCharSequence(app.config().https().hsts().get(), StandardCharsets.US_ASCII);
            head.writeShort(CRLF);
        }
        head.writeShort(CRLF);
        int length = body.readableBytes();
        bytesSent += length;
        ChannelFuture written;
        if (length <= ONE_BUFFER) {
            head.writeBytes(body);
            body.release();
            written = ctx.writeAndFlush(new WireResponse(head));
        } else {
            ctx.write(new WireResponse(head), ctx.voidPromise());
            written = ctx.writeAndFlush(new WireResponse(body));
        }
        responseComplete(written);
    }

    @Override
    public void upstreamContent(HttpContent c) {
        if (done) {
            c.release();
            return;
        }
        boolean last = c instanceof LastHttpContent;
        if (switchingProtocols) {
            c.release();
            if (last) {
                openTunnel();
            }
            return;
        }
        if (skippingInformational) {
            c.release();
            skippingInformational = !last;
            return;
        }
        if (!responseStarted) {
            c.release(); // content before a head: only after a decoding failure, handled there
            return;
        }
        HttpResponse head = heldHead;
        if (head != null) {
            heldHead = null;
            if (c instanceof LastHttpContent end && end.trailingHeaders().isEmpty()) {
                // The whole body came with the head: one message, which the encoder writes as one buffer.
                bytesSent += c.content().readableBytes();
                ChannelFuture written = ctx.writeAndFlush(new DefaultFullHttpResponse(head.protocolVersion(),
                        head.status(), c.content(), head.headers(), end.trailingHeaders()));
                responseComplete(written);
                return;
            }
            ctx.write(head, ctx.voidPromise());
        }
        bytesSent += c.content().readableBytes();
        if (last) {
            ChannelFuture written = ctx.writeAndFlush(c);
            responseComplete(written);
        } else {
            ctx.write(c, ctx.voidPromise());
        }
    }

    @Override
    public void upstreamReadComplete() {
        if (done || upstream == null) {
            return;
        }
        if (heldHead != null) { // the body did not come with it
            ctx.write(heldHead, ctx.voidPromise());
            heldHead = null;
        }
        if (responseStarted) {
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                awaitingDownstreamWritable = true;
                return;
            }
        }
        upstream.read();
    }

    void downstreamWritabilityChanged() {
        if (awaitingDownstreamWritable && !done && upstream != null && ctx.channel().isWritable()) {
            awaitingDownstreamWritable = false;
            upstream.read();
        }
    }

    /** The app switched to WebSocket: both connections leave HTTP; the worker permit is released now. */
    private void openTunnel() {
        Channel up = upstream;
        upstream = null;
        endpoint.succeeded(System.nanoTime() - connectStart);
        endpoint = null;
        tunnelled = true;
        WebSocketTunnel.open(ctx.channel(), up, webSocket, app.config().webSockets().idle());
        webSocket = null; // the tunnel releases it when it closes
        end(ctx.newSucceededFuture());
    }

    private void responseComplete(ChannelFuture written) {
        Channel up = upstream;
        upstream = null;
        if (upstreamReusable && requestComplete && !untilClose && webSocket == null) {
            upstreamClosing = proxy.pool().release(up, endpoint);
        } else {
            upstreamClosing = ConnectionPool.discard(up);
        }
        endpoint.succeeded(System.nanoTime() - connectStart);
        endpoint = null;
        end(written);
    }

    @Override
    public void upstreamClosed(Throwable cause) {
        if (done) {
            return;
        }
        upstream = null;
        if (responseStarted) {
            // The body was cut short: close the visitor's connection so that the truncation is visible.
            state.metrics().upstreamFailure("truncated");
            endpoint.failed(System.nanoTime() - connectStart, cause);
            endpoint = null;
            keepAlive = false;
            end(ctx.newSucceededFuture());
            ctx.close();
            return;
        }
        if (reusedConnection && bodyBytes == 0 && !retried && idempotent()) {
            // A pooled connection the app had already closed: the request never reached it. Like nginx
            // and Envoy, retry a safe request once on a new connection.
            retried = true;
            cancelResponseTimer();
            endpointReleased();
            connect(null, true);
            return;
        }
        upstreamBroken(Failure.UPSTREAM_RESET, "reset", cause);
    }

    private boolean idempotent() {
        HttpMethod m = request.method();
        return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS);
    }

    void responseTimeout() {
        responseTimerArmed = false;
        if (done || responseStarted) {
            return;
        }
        upstreamBroken(Failure.UPSTREAM_TIMEOUT, "timeout", null);
    }

    private void upstreamBroken(Failure f, String reason, Throwable cause) {
        state.metrics().upstreamFailure(reason);
        if (endpoint != null) {
            endpoint.failed(System.nanoTime() - connectStart, cause);
            endpoint = null;
        }
        if (responseStarted) {
            keepAlive = false;
            end(ctx.newSucceededFuture());
            ctx.close();
            return;
        }
        fail(f, null, 0);
    }

    // ------------------------------------------------------------------ endings

    /** The visitor went away; nothing more can be sent. */
    void downstreamClosed() {
        if (done) {
            return;
        }
        keepAlive = false;
        if (status == 0) {
            status = 499; // as nginx logs it: the client closed the connection first
        }
        endpointReleased();
        end(ctx.newSucceededFuture());
    }

    /** Answers {@code f} on the gateway's behalf (or closes, when the answer had already begun). */
    private void fail(Failure f, String detail, long retryAfterSeconds) {
        if (done) {
            return;
        }
        failure = f;
        if (responseStarted) {
            keepAlive = false;
            end(ctx.newSucceededFuture());
            ctx.close();
            return;
        }
        if (!requestComplete && (!bodyDiscardable || upstream != null || bodyBytes > 0)) {
            keepAlive = false; // part of the body may be unread or already forwarded: start afresh
        }
        HttpResponse res = FailureResponse.render(ctx.alloc(), f, detail, FailureResponse.wantsJson(request.headers()),
                retryAfterSeconds);
        if (!keepAlive && !multiplexed) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        addHsts(res.headers());
        status = f.status().code();
        responseStarted = true;
        end(ctx.writeAndFlush(res));
    }

    /**
     * Answers with a response the gateway built itself (a static file, an auth challenge): {@code head},
     * then {@code body} in order ({@code length} bytes), and ends the exchange. False when it had already
     * ended: the caller still owns {@code head} and {@code body}.
     */
    boolean answerLocally(HttpResponse head, long length, Failure flag, Object... body) {
        if (done) {
            return false;
        }
        failure = flag;
        if (!requestComplete && (!bodyDiscardable || bodyBytes > 0)) {
            keepAlive = false;
        }
        if (!multiplexed) {
            if (!keepAlive) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }
        addHsts(head.headers());
        status = head.status().code();
        responseStarted = true;
        bytesSent = length;
        ChannelFuture written = body.length == 0 ? ctx.writeAndFlush(head) : ctx.write(head);
        for (int i = 0; i < body.length; i++) {
            written = i == body.length - 1 ? ctx.writeAndFlush(body[i]) : ctx.write(body[i]);
        }
        end(written);
        return true;
    }

    HttpRequest request() {
        return request;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    /** An https.force app asked over plain HTTP: 301 (GET, HEAD) or 308 to the same address over HTTPS. */
    private void redirectToHttps() {
        answerLocally(HttpsRedirect.response(request.method(), host, request.uri(), proxy.httpsPort()), 0, null);
    }

    private void endpointReleased() {
        if (endpoint != null) {
            endpoint.released();
            endpoint = null;
        }
    }

    /**
     * Releases everything the exchange holds, exactly once, records it, and hands the connection back
     * to the handler (next request, or close) once {@code written} is done.
     */
    private ChannelFuture end(ChannelFuture written) {
        if (done) {
            return written;
        }
        done = true;
        proxy.exchangeEnded();
        ticket.cancel();
        cancelResponseTimer();
        if (upstream != null) {
            upstreamClosing = ConnectionPool.discard(upstream);
            upstream = null;
        }
        endpointReleased();
        if (permit != null) {
            releaseWhenClosed(permit, upstreamClosing);
        }
        if (webSocket != null) {
            webSocket.release(); // no 101: the handshake ended some other way
        }
        if (pendingContent != null) {
            ReferenceCountUtil.release(pendingContent);
            pendingContent = null;
        }
        if (collector != null) {
            collector.close();
        }
        long now = System.nanoTime();
        if (state != null) {
            state.metrics().request(status, now - startNanos);
        } else {
            proxy.metrics().request(Metrics.NO_APP, status, now - startNanos);
        }
        AccessLog log = proxy.accessLog();
        if (log.enabled()) {
            log.log(new AccessRecord(app == null ? Metrics.NO_APP : app.name(), visitor.address(),
                    System.currentTimeMillis() - (now - startNanos) / 1_000_000, method, uri,
                    request.protocolVersion().text(), status, bytesSent,
                    request.headers().get(HttpHeaderNames.REFERER), request.headers().get(HttpHeaderNames.USER_AGENT),
                    host, requestId, now - startNanos, queueNanos, upstreamStart == 0 ? 0 : now - upstreamStart,
                    failure == null ? null : failure.flag()));
        }
        if (!tunnelled) { // a tunnel took the connection from the handler
            handler.exchangeDone(this, written, keepAlive, requestComplete, bodyDiscardable);
        }
        return written;
    }

    /**
     * Frees the worker slot once the connection to the app is closed (at once when it went back to the
     * pool): the app never sees more connections from the gateway than {@code workers}, even while a
     * close is still on its way through the transport.
     */
    private static void releaseWhenClosed(Permit permit, ChannelFuture closing) {
        if (closing == null || closing.isDone()) {
            permit.release();
        } else {
            closing.addListener(f -> permit.release());
        }
    }

    private void cancelResponseTimer() {
        if (responseTimerArmed) {
            responseTimerArmed = false;
            handler.responseTimer(ctx).disarm(this);
        }
    }
}
