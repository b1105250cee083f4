package dev.portico.gateway.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** The exchange currently using an upstream connection; called on the connection's event loop. */
public interface UpstreamListener {

    void upstreamResponse(HttpResponse response);

    /** Ownership of {@code content} passes to the listener. */
    void upstreamContent(HttpContent content);

    /** A read from the app finished: a good moment to flush what was written downstream. */
    void upstreamReadComplete();

    void upstreamWritabilityChanged();

    /** The connection closed (by the app, or after an error); called once. */
    void upstreamClosed(Throwable cause);
}
