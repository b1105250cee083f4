package dev.portico.loadtest.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Serves the HTTP/1.1 requests of one keep-alive connection one at a time, as a uWSGI worker does:
 * pipelined requests wait their turn (and reading stops meanwhile); each takes a worker for its service
 * time, then is answered.
 */
final class HttpAppHandler extends ChannelInboundHandlerAdapter {

    /** A request waiting for the one before it on this connection. */
    private record Waiting(String method, String uri, boolean keepAlive, boolean bad) {
    }

    private final SimulatedApp app;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean busy;

    HttpAppHandler(SimulatedApp app) {
        this.app = app;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Waiting w = new Waiting(req.method().name(), req.uri(), HttpUtil.isKeepAlive(req),
                req.decoderResult().isFailure());
        req.release();
        waiting.addLast(w);
        ctx.channel().config().setAutoRead(false);
        next(ctx);
    }

    private void next(ChannelHandlerContext ctx) {
        if (busy) {
            return;
        }
        Waiting w = waiting.pollFirst();
        if (w == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        if (w.bad()) {
            answer(ctx, plain(HttpResponseStatus.BAD_REQUEST, "bad request\n"), false);
            return;
        }
        boolean queued = app.serve(ctx.channel(), (worker, done) -> {
            ByteBuf body = Reply.body(ctx.alloc(), app.spec(), worker, w.method(), w.uri());
            int length = body.readableBytes();
            if (w.method().equals(HttpMethod.HEAD.name())) {
                body.release();
                body = Unpooled.EMPTY_BUFFER;
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, length)
                    .set("X-App", app.spec().name())
                    .setInt("X-Worker", worker);
            done.run();
            answer(ctx, res, w.keepAlive());
        });
        if (!queued) {
            releaseWaiting();
            app.refuse(ctx.channel());
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            releaseWaiting();
            return;
        }
        ctx.writeAndFlush(res).addListener(f -> {
            busy = false;
            if (f.isSuccess()) {
                next(ctx);
            }
        });
    }

    private void releaseWaiting() {
        waiting.clear();
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String text) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
