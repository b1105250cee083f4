package dev.portico.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;

/**
 * An app's answer that came complete in one read and is forwarded as bytes rather than as decoded
 * message objects (see {@link WholeResponseReader}). Reference counted like any other message, so that
 * a pipeline that drops it also frees its two buffers.
 */
public final class WholeResponse extends AbstractReferenceCounted {

    private final int status;
    private final boolean keepAlive;
    private final ByteBuf head;
    private final ByteBuf body;

    /**
     * @param status    the status code, 200-599 but never 204 or 304
     * @param keepAlive whether the app keeps its connection open after this answer
     * @param head      the status line and the header lines to forward, in wire form ({@code HTTP/1.1}
     *                  and CRLFs included) but without the blank line that ends the head: the caller
     *                  adds its own header lines after them
     * @param body      exactly the body's {@code Content-Length} bytes
     */
    public WholeResponse(int status, boolean keepAlive, ByteBuf head, ByteBuf body) {
        this.status = status;
        this.keepAlive = keepAlive;
        this.head = head;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    /** The head, still owned by this message. */
    public ByteBuf head() {
        return head;
    }

    /** The body, still owned by this message. */
    public ByteBuf body() {
        return body;
    }

    @Override
    public WholeResponse touch(Object hint) {
        head.touch(hint);
        body.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        head.release();
        body.release();
    }
}
