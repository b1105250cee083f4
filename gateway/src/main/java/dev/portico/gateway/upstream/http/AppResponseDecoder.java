package dev.portico.gateway.upstream.http;

import dev.portico.gateway.upstream.AppResponseDecoding;
import dev.portico.gateway.upstream.WholeResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads an app's HTTP/1.1 answers: each one that arrives whole and plain as a {@link WholeResponse} of
 * bytes when the exchange takes those (see {@link AppResponseDecoding}), everything else through Netty's
 * decoder as {@code HttpResponse} and {@code HttpContent}. The answer to a HEAD is bodyless whatever its
 * headers say, so the decoder keeps the methods of the requests sent, in order ({@link AppRequestEncoder}).
 */
final class AppResponseDecoder extends AppResponseDecoding {

    /** Methods of the requests whose final answers are still due, oldest first. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

    void requestSent(HttpMethod method) {
        methods.add(method);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (decodeNext(ctx, in, out, HttpMethod.HEAD.equals(methods.peek())) != null) {
            methods.poll(); // a decoded answer polls in isContentAlwaysEmpty
        }
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return super.isContentAlwaysEmpty(msg); // the final answer is still to come
        }
        HttpMethod method = methods.poll();
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }
}
