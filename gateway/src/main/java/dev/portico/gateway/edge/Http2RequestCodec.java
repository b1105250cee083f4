package dev.portico.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.List;

/**
 * Netty's stream-frame to HTTP object codec, minus the {@code x-http2-*} headers it adds to each request
 * for its own bookkeeping: an app behind the gateway must not see them (the scheme reaches it as
 * {@code X-Forwarded-Proto}). A request head that cannot be converted (a {@code host} field that names
 * another host than {@code :authority}, say) becomes a request that failed to decode, so the visitor gets
 * a 400 that says why rather than a bare reset of the stream. Stateless, so one instance serves every
 * stream.
 */
final class Http2RequestCodec extends Http2StreamFrameToHttpObjectCodec {

    static final Http2RequestCodec INSTANCE = new Http2RequestCodec();

    private Http2RequestCodec() {
        super(true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Http2StreamFrame frame, List<Object> out) throws Exception {
        int before = out.size();
        try {
            super.decode(ctx, frame, out);
        } catch (Http2Exception e) {
            if (!(frame instanceof Http2HeadersFrame headers) || headers.headers().method() == null) {
                throw e; // trailers: the head has gone on already, the stream is reset
            }
            out.add(malformed(headers.headers(), e));
            if (headers.isEndStream()) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            return;
        }
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof HttpRequest req) {
                req.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text())
                        .remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text())
                        .remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text());
            }
        }
    }

    /**
     * A stand-in head for the refused one: its method and path for the access log, and what the failure
     * page needs (the Accept field); nothing else of it goes anywhere.
     */
    private static HttpRequest malformed(Http2Headers headers, Http2Exception cause) {
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(headers.method().toString());
        } catch (IllegalArgumentException notAToken) {
            method = HttpMethod.GET;
        }
        CharSequence path = headers.path();
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, path == null ? "/" : path.toString());
        CharSequence accept = headers.get(HttpHeaderNames.ACCEPT);
        if (accept != null) {
            req.headers().set(HttpHeaderNames.ACCEPT, accept);
        }
        req.setDecoderResult(DecoderResult.failure(
                new RequestCheck.MalformedRequest("The HTTP/2 request is malformed: " + cause.getMessage() + ".")));
        return req;
    }
}
