package dev.portico.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.List;

/**
 * Netty's stream-frame to HTTP object codec, minus the {@code x-http2-*} headers it adds to each request
 * for its own bookkeeping: an app behind the gateway must not see them (the scheme reaches it as
 * {@code X-Forwarded-Proto}). Stateless, so one instance serves every stream.
 */
final class Http2RequestCodec extends Http2StreamFrameToHttpObjectCodec {

    static final Http2RequestCodec INSTANCE = new Http2RequestCodec();

    private Http2RequestCodec() {
        super(true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Http2StreamFrame frame, List<Object> out) throws Exception {
        int before = out.size();
        super.decode(ctx, frame, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof HttpRequest req) {
                req.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text())
                        .remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text())
                        .remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text());
            }
        }
    }
}
