package dev.portico.gateway.upstream.uwsgi;

import dev.portico.gateway.upstream.HeaderNameCheck;
import dev.portico.gateway.upstream.WholeResponse;
import dev.portico.gateway.upstream.WholeResponses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Reads the app's answer: a plain HTTP/1.x response, framed by its Content-Length or chunking, or else
 * by the app closing the connection; taken whole, as bytes, when it is plain enough (see
 * {@link WholeResponses}). A connection carries one request, so once the final response is
 * complete anything more is dropped; and the answer to a HEAD is taken as bodyless even when the app
 * sends a body anyway (uWSGI does).
 */
final class UwsgiResponseDecoder extends HttpResponseDecoder {

    /** Response head limits: an app that sends more is answered 502 upstream_protocol. */
    private static final HttpDecoderConfig LIMITS = new HttpDecoderConfig()
            .setMaxInitialLineLength(8 * 1024)
            .setMaxHeaderSize(64 * 1024)
            .setMaxChunkSize(64 * 1024)
            .setHeadersFactory(HeaderNameCheck.RESPONSE_HEADERS);

    private final WholeResponses wholes = new WholeResponses();
    private boolean headRequest;
    private boolean finalResponse;
    private boolean finished;

    UwsgiResponseDecoder() {
        super(LIMITS);
    }

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
        WholeResponse whole = wholes.take(ctx, in, headRequest);
        if (whole != null) {
            finished = true;
            in.skipBytes(in.readableBytes());
            out.add(whole);
            return;
        }
        if (wholes.waiting()) {
            return; // the rest of the head is on its way
        }
        int before = out.size();
        int start = in.readerIndex();
        super.decode(ctx, in, out);
        wholes.decoded(out, before, in.readerIndex() != start);
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

    /** See {@link HeaderNameCheck#nameEndsAtColon}: a header name with a space in it fails the answer. */
    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        HeaderNameCheck.nameEndsAtColon(sb, start, start + length);
        return super.splitHeaderName(sb, start, length);
    }
}
