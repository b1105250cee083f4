package dev.portico.gateway.upstream.uwsgi;

import dev.portico.gateway.upstream.AppResponseDecoding;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Reads the app's answer: a plain HTTP/1.x response, framed by its Content-Length or chunking, or else
 * by the app closing the connection; taken whole, as bytes, when it is plain enough (see
 * {@link AppResponseDecoding}). A connection carries one request, so once the final response is
 * complete anything more is dropped; and the answer to a HEAD is taken as bodyless even when the app
 * sends a body anyway (uWSGI does).
 */
final class UwsgiResponseDecoder extends AppResponseDecoding {

    private boolean headRequest;
    private boolean finalResponse;
    private boolean finished;

    /** The request went out; {@code head} when it was a HEAD. */
    void requestSent(boolean head) {
        this.headRequest = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return headRequest || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (finished) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int before = out.size();
        if (decodeNext(ctx, in, out, headRequest) != null) {
            finished = true;
            in.skipBytes(in.readableBytes());
            return;
        }
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpResponse res) {
                finalResponse = res.status().code() >= 200 || res.decoderResult().isFailure();
            }
            if (o instanceof LastHttpContent && finalResponse) {
                finished = true;
                in.skipBytes(in.readableBytes());
            }
        }
    }
}
