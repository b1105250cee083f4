package dev.portico.gateway.egress;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told when the response answers a HEAD: such a response has no body even
 * when its headers describe one (chunked included), and the encoder must not write a last chunk.
 */
final class ResponseEncoder extends HttpResponseEncoder {

    private boolean head;

    /** Set before the response head of each exchange is written. */
    void answeringHead(boolean head) {
        this.head = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (head && msg.status().code() >= 200) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
