package dev.portico.gateway.egress;

import io.netty.handler.codec.http.HttpContent;

/** The request a client connection is busy with: a plain-HTTP {@link Forward}, or a {@link Tunnel} opening. */
sealed interface Exchange permits Forward, Tunnel {

    void start();

    /** A piece of the request body (the exchange releases it). */
    void requestContent(HttpContent content);

    /** The client's connection can take more. */
    void downstreamWritable();

    /** The client went away. */
    void downstreamClosed();
}
