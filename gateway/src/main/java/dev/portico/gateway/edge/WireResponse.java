package dev.portico.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * An HTTP/1.1 answer already in wire form, or a piece of one (its head, then its body), for
 * {@link ResponseEncoder} to pass on as it is. Written only when no other answer is under way on the
 * connection.
 */
public final class WireResponse extends DefaultByteBufHolder {

    public WireResponse(ByteBuf bytes) {
        super(bytes);
    }
}
