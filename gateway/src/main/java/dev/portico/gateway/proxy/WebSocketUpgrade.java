package dev.portico.gateway.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** The HTTP/1.1 handshake that turns a request into a WebSocket (RFC 6455 section 4), seen by a proxy. */
final class WebSocketUpgrade {

    private WebSocketUpgrade() {
    }

    /**
     * Whether {@code r} asks to become a WebSocket: a bodiless HTTP/1.1 GET with {@code Upgrade: websocket}
     * and {@code Connection: upgrade}, on a connection of its own (an HTTP/2 stream cannot be upgraded).
     */
    static boolean requested(HttpRequest r, boolean multiplexed) {
        if (multiplexed || !r.protocolVersion().equals(HttpVersion.HTTP_1_1) || !r.method().equals(HttpMethod.GET)) {
            return false;
        }
        HttpHeaders h = r.headers();
        return h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && !HttpUtil.isTransferEncodingChunked(r) && HttpUtil.getContentLength(r, 0L) == 0;
    }

    /** Whether the app's 101 switches to WebSocket (and not to something the visitor did not ask for). */
    static boolean accepted(HttpResponse res) {
        return res.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /**
     * The 101 for the visitor: the app's headers (Sec-WebSocket-Accept, -Protocol, -Extensions, cookies)
     * without those about the app's own connection, and the upgrade restated for the visitor's.
     */
    static FullHttpResponse switching(HttpResponse res) {
        HttpHeaders h = res.headers().copy();
        HopByHop.stripResponse(h);
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, h, EmptyHttpHeaders.INSTANCE);
    }
}
