package dev.portico.gateway.upstream.uwsgi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.HttpContent;
import java.util.List;

/**
 * Writes the exchange's messages as uwsgi: the encoded head packet, then the body's bytes as they are
 * (trailers have no place in uwsgi and are dropped). Tells the response decoder what the request was.
 */
final class UwsgiRequestEncoder extends MessageToMessageEncoder<Object> {

    private final UwsgiResponseDecoder decoder;

    UwsgiRequestEncoder(UwsgiResponseDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof UwsgiRequest || msg instanceof HttpContent;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof UwsgiRequest r) {
            decoder.requestSent(r.head());
            out.add(r.content().retain());
        } else {
            out.add(((HttpContent) msg).content().retain());
        }
    }
}
