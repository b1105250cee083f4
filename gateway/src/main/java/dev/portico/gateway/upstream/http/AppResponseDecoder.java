package dev.portico.gateway.upstream.http;

import dev.portico.gateway.upstream.HeaderNameCheck;
import dev.portico.gateway.upstream.WholeResponse;
import dev.portico.gateway.upstream.WholeResponses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads an app's HTTP/1.1 answers: each one that arrives whole and plain as a {@link WholeResponse} of
 * bytes when the exchange takes those (see {@link WholeResponses}), everything else through Netty's
 * decoder as {@code HttpResponse} and {@code HttpContent}. The answer to a HEAD is bodyless whatever its
 * headers say, so the decoder keeps the methods of the requests sent, in order ({@link AppRequestEncoder}).
 */
final class AppResponseDecoder extends HttpResponseDecoder {

    /** Methods of the requests whose final answers are still due, oldest first. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
    private final WholeResponses wholes = new WholeResponses();

    AppResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    void requestSent(HttpMethod method) {
        methods.add(method);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        WholeResponse whole = wholes.take(ctx, in, HttpMethod.HEAD.equals(methods.peek()));
        if (whole != null) {
            methods.poll();
            out.add(whole);
            return;
        }
        if (wholes.waiting()) {
            return; // the rest of the head is on its way
        }
        int before = in.readerIndex();
        int produced = out.size();
        super.decode(ctx, in, out);
        wholes.decoded(out, produced, in.readerIndex() != before);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return super.isContentAlwaysEmpty(msg); // the final answer is still to come
        }
        HttpMethod method = methods.poll();
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }

    /** See {@link HeaderNameCheck#nameEndsAtColon}: a header name with a space in it fails the answer. */
    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        HeaderNameCheck.nameEndsAtColon(sb, start, start + length);
        return super.splitHeaderName(sb, start, length);
    }
}
