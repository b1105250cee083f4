package dev.portico.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * A response decoder's choice, answer by answer, between a {@link WholeResponse} and Netty's decoding:
 * whole when the exchange takes it and {@link WholeResponseReader} finds the answer plain, decoded
 * otherwise; and once the decoder has begun an answer, it keeps it to its end. One per connection.
 */
final class WholeResponses {

    private final WholeResponseReader reader = new WholeResponseReader();
    private UpstreamHandler upstream;
    /** Whether Netty's decoder has started on an answer and not ended it: it must read the rest. */
    private boolean decoding;
    private boolean waiting;

    /**
     * The answer at the start of {@code in}, taken whole, or null: then the caller decodes it, unless
     * {@link #waiting()}.
     *
     * @param bodyless whether the answer due has no body whatever its headers say (a HEAD's)
     */
    WholeResponse take(ChannelHandlerContext ctx, ByteBuf in, boolean bodyless) {
        waiting = false;
        if (decoding || bodyless || !ctx.channel().isActive()) {
            return null; // on a close, the decoder has the last word on what arrived
        }
        if (upstream == null) {
            upstream = ctx.pipeline().get(UpstreamHandler.class);
        }
        if (upstream == null || !upstream.acceptsWholeResponse()) {
            return null;
        }
        WholeResponse whole = reader.read(in, ctx.alloc(), upstream.setsStrictTransportSecurity());
        waiting = whole == null && reader.incomplete();
        return whole;
    }

    /** Whether the last {@link #take} found the head unfinished: the caller waits for more bytes. */
    boolean waiting() {
        return waiting;
    }

    /**
     * What the decoder made of a call: the messages it added to {@code out} from {@code from} on, and
     * whether it consumed bytes without finishing a message (part of a head it holds).
     */
    void decoded(List<Object> out, int from, boolean consumed) {
        boolean produced = out.size() > from;
        for (int i = from; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpMessage) {
                decoding = true;
            }
            if (o instanceof LastHttpContent) {
                decoding = false;
            }
        }
        if (!produced && consumed) {
            decoding = true;
        }
    }
}
