package dev.portico.gateway.egress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.util.List;

/**
 * Netty's request decoder, stopping at a CONNECT head: what follows it (a client may send its TLS
 * hello without waiting for our answer) belongs to the tunnel. Those bytes stay in the decoder's buffer
 * and go down the pipeline, untouched, when the tunnel removes the decoder.
 */
final class EgressDecoder extends HttpRequestDecoder {

    private boolean stopped;

    EgressDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (stopped) {
            return;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof HttpRequest req && req.method().equals(HttpMethod.CONNECT)
                    && req.decoderResult().isSuccess()) {
                stopped = true;
            }
        }
    }
}
