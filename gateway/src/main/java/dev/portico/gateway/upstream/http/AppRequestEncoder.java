package dev.portico.gateway.upstream.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.List;

/** Writes requests to an app, telling the response decoder the method of each one sent. */
final class AppRequestEncoder extends HttpRequestEncoder {

    private final AppResponseDecoder decoder;

    AppRequestEncoder(AppResponseDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
        if (msg instanceof HttpRequest request) {
            decoder.requestSent(request.method());
        }
        super.encode(ctx, msg, out);
    }
}
