package dev.portico.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * What the decoders of an app's answers share, over HTTP and over uwsgi: the response head limits, the
 * choice answer by answer between a {@link WholeResponse} and Netty's decoding ({@link WholeResponses}),
 * and header names read as tokens ({@link HeaderNameCheck}).
 */
public abstract class AppResponseDecoding extends HttpResponseDecoder {

    /** Response head limits: an app that sends more is answered 502 upstream_protocol. */
    private static final HttpDecoderConfig LIMITS = new HttpDecoderConfig()
            .setMaxInitialLineLength(8 * 1024)
            .setMaxHeaderSize(64 * 1024)
            .setMaxChunkSize(64 * 1024)
            .setHeadersFactory(HeaderNameCheck.RESPONSE_HEADERS);

    private final WholeResponses wholes = new WholeResponses();

    protected AppResponseDecoding() {
        super(LIMITS);
    }

    /**
     * One step of reading {@code in}: the answer at its start taken whole into {@code out} when the
     * exchange takes those and it is plain enough; nothing while the rest of its head is on its way;
     * Netty's decoding otherwise.
     *
     * @param bodyless whether the answer due has no body whatever its headers say (a HEAD's)
     * @return the answer taken whole, or null
     */
    protected final WholeResponse decodeNext(ChannelHandlerContext ctx, ByteBuf in, List<Object> out,
                                             boolean bodyless) throws Exception {
        WholeResponse whole = wholes.take(ctx, in, bodyless);
        if (whole != null) {
            out.add(whole);
            return whole;
        }
        if (wholes.waiting()) {
            return null;
        }
        int produced = out.size();
        int before = in.readerIndex();
        super.decode(ctx, in, out);
        wholes.decoded(out, produced, in.readerIndex() != before);
        return null;
    }

    /** See {@link HeaderNameCheck#nameEndsAtColon}: a header name with a space in it fails the answer. */
    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        HeaderNameCheck.nameEndsAtColon(sb, start, start + length);
        return super.splitHeaderName(sb, start, length);
    }
}
