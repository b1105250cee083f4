package dev.portico.gateway.staticfiles;

import dev.portico.gateway.failure.Failure;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;

/**
 * A static answer ready to write: the head (a full response when nothing follows it), then {@code body}
 * in order (a file region and the last-content marker, or a chunked input), {@code bodyBytes} long.
 * {@code failure} is set for the gateway's own error pages. Owned by whoever holds it until written or
 * {@link #release released}.
 */
public record StaticReply(HttpResponse head, Object[] body, long bodyBytes, Failure failure) {

    /** Frees what was not written: buffers, open files. */
    public void release() {
        ReferenceCountUtil.release(head);
        for (Object part : body) {
            if (part instanceof ChunkedInput<?> in) {
                try {
                    in.close();
                } catch (Exception e) {
                    // closing a file we only read; nothing to recover
                }
            } else {
                ReferenceCountUtil.release(part);
            }
        }
    }

    /** Whether writing it needs a {@link io.netty.handler.stream.ChunkedWriteHandler} in the pipeline. */
    public boolean chunked() {
        for (Object part : body) {
            if (part instanceof ChunkedInput<?>) {
                return true;
            }
        }
        return false;
    }
}
