package dev.portico.gateway.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * How a destination's answer is framed for the client, decided from the request and the answer's head
 * (whose headers it adjusts): a body the destination ends by closing is sent on chunked (or, to an
 * HTTP/1.0 client, ended by closing too), and {@code Connection} says whether the client's connection
 * stays.
 *
 * @param untilClose the destination ends the body by closing its connection (which is then not kept)
 * @param keepAlive  the client's connection stays open after this answer
 */
record Framing(boolean untilClose, boolean keepAlive) {

    /**
     * {@code res} answers a request the client sent in {@code clientVersion} ({@code head} when a HEAD)
     * and has had its hop-by-hop headers removed already.
     */
    static Framing of(HttpVersion clientVersion, boolean head, HttpResponse res, boolean keepAlive) {
        int code = res.status().code();
        boolean bodyless = head || code == 204 || code == 304;
        boolean chunked = HttpUtil.isTransferEncodingChunked(res);
        boolean http10 = clientVersion.equals(HttpVersion.HTTP_1_0);
        boolean untilClose = false;
        if (!bodyless && !chunked && !res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            untilClose = true;
            if (http10) {
                keepAlive = false;
            } else {
                HttpUtil.setTransferEncodingChunked(res, true);
            }
        } else if (chunked && http10) {
            HttpUtil.setTransferEncodingChunked(res, false); // HTTP/1.0 knows no chunks: the close ends it
            keepAlive = false;
        }
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        return new Framing(untilClose, keepAlive);
    }
}
