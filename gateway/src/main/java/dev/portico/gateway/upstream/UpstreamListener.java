package dev.portico.gateway.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** The exchange currently using an upstream connection; called on the connection's event loop. */
public interface UpstreamListener {

    void upstreamResponse(HttpResponse response);

    /**
     * Whether the answer now due may come as a {@link WholeResponse} (bytes, forwarded as they are)
     * rather than as decoded messages; asked by the decoder when an answer's head arrives.
     */
    default boolean acceptsWholeResponse() {
        return false;
    }

    /** Whether the gateway sets {@code Strict-Transport-Security} itself, so that the app's is left out. */
    default boolean setsStrictTransportSecurity() {
        return false;
    }

    /** An answer in one piece, when {@link #acceptsWholeResponse()} allowed it; ownership passes. */
    default void upstreamWholeResponse(WholeResponse response) {
        response.release();
        throw new IllegalStateException("whole responses were not accepted");
    }

    /** Ownership of {@code content} passes to the listener. */
    void upstreamContent(HttpContent content);

    /** A read from the app finished: a good moment to flush what was written downstream. */
    void upstreamReadComplete();

    void upstreamWritabilityChanged();

    /** The connection closed (by the app, or after an error); called once. */
    void upstreamClosed(Throwable cause);
}
