package dev.portico.gateway.upstream.uwsgi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A request head already encoded as a uwsgi packet, on its way to {@link UwsgiRequestEncoder}. It knows
 * whether the request was HEAD, because the answer to a HEAD has a body length but no body.
 */
final class UwsgiRequest extends DefaultByteBufHolder {

    private final boolean head;

    UwsgiRequest(ByteBuf packet, boolean head) {
        super(packet);
        this.head = head;
    }

    boolean head() {
        return head;
    }
}
