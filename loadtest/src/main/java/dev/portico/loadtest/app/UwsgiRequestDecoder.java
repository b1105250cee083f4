package dev.portico.loadtest.app;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.Map;

/**
 * Decodes one uwsgi request per connection (the protocol answers and closes): header, vars, then
 * CONTENT_LENGTH bytes of body. Malformed framing fails with a {@link DecoderException}.
 */
final class UwsgiRequestDecoder extends ByteToMessageDecoder {

    static final int MAX_BODY = 64 * 1024 * 1024;

    private Map<String, String> vars;
    private int bodyLength = -1;
    private boolean done;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeOne(in, out);
        } catch (DecoderException e) {
            done = true; // one answer per connection: the error; what follows is ignored
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeOne(ByteBuf in, List<Object> out) {
        if (vars == null) {
            if (in.readableBytes() < UwsgiPacket.HEADER_SIZE) {
                return;
            }
            int at = in.readerIndex();
            int modifier1 = in.getUnsignedByte(at);
            int size = in.getUnsignedShortLE(at + 1);
            if (modifier1 != 0) {
                throw new DecoderException("uwsgi modifier1 " + modifier1 + " (expected 0, a WSGI request)");
            }
            if (in.readableBytes() < UwsgiPacket.HEADER_SIZE + size) {
                return;
            }
            in.skipBytes(UwsgiPacket.HEADER_SIZE);
            try {
                vars = UwsgiPacket.decodeVars(in, size);
            } catch (IllegalArgumentException e) {
                throw new DecoderException(e.getMessage());
            }
            bodyLength = contentLength(vars.getOrDefault("CONTENT_LENGTH", ""));
        }
        if (in.readableBytes() < bodyLength) {
            return;
        }
        done = true;
        out.add(new UwsgiRequest(vars, in.readRetainedSlice(bodyLength)));
    }

    private static int contentLength(String v) {
        if (v.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= MAX_BODY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DecoderException("uwsgi CONTENT_LENGTH '" + v + "' (expected 0.." + MAX_BODY + ")");
    }
}
