package dev.portico.loadtest.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Serves the one uwsgi request of a connection on a worker, answers with a raw HTTP/1.1 response (as a
 * uWSGI app does) and closes.
 */
final class UwsgiAppHandler extends ChannelInboundHandlerAdapter {

    private final SimulatedApp app;

    UwsgiAppHandler(SimulatedApp app) {
        this.app = app;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof UwsgiRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        String method = req.method();
        String uri = req.uri();
        req.release();
        boolean queued = app.serve(ctx.channel(), (worker, done) -> {
            ByteBuf body = Reply.body(ctx.alloc(), app.spec(), worker, method, uri);
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + body.readableBytes() + "\r\nX-App: " + app.spec().name() + "\r\nX-Worker: " + worker
                    + "\r\nConnection: close\r\n\r\n";
            done.run();
            ctx.write(ByteBufUtil.writeAscii(ctx.alloc(), head));
            if (method.equals("HEAD")) {
                body.release();
                ctx.flush();
                ctx.close();
            } else {
                ctx.writeAndFlush(body).addListener(ChannelFutureListener.CLOSE);
            }
        });
        if (!queued) {
            app.refuse(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && ctx.channel().isActive()) {
            String text = "bad uwsgi request: " + cause.getMessage() + "\n";
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), "HTTP/1.1 400 Bad Request\r\nContent-Type: "
                    + "text/plain\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n" + text))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.close();
    }
}
