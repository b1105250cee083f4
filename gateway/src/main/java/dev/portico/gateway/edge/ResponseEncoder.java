package dev.portico.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's HTTP/1.1 response encoder, which also lets a {@link WireResponse} through: an answer already
 * in wire form, written between two messages, goes out as its bytes.
 */
public final class ResponseEncoder extends HttpResponseEncoder {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof WireResponse wire) {
            ctx.write(wire.content(), promise);
        } else {
            super.write(ctx, msg, promise);
        }
    }
}
