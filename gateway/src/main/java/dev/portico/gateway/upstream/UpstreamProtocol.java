package dev.portico.gateway.upstream;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;

/**
 * How requests are framed to an app and its answers read back. The exchange always writes an
 * {@link HttpRequest} head (via {@link #requestHead}) followed by HttpContent, and always reads
 * HttpResponse and HttpContent back; the codec added by {@link #initPipeline} does the translation.
 */
public interface UpstreamProtocol {

    /** Adds the codec; the pool adds its own handler after it. */
    void initPipeline(ChannelPipeline pipeline);

    /**
     * The message to write for the request head (the request itself for HTTP). Throws
     * {@link io.netty.handler.codec.http.TooLongHttpHeaderException} when the head cannot be framed
     * (a uwsgi packet holds at most 64 KiB of variables): the exchange answers 431, having sent nothing.
     */
    Object requestHead(HttpRequest request, RequestContext context);

    /** Whether a connection may carry another request once a response completed. */
    boolean reusable();

    /** Whether the request body must have a known length (a chunked body is collected first). */
    boolean needsContentLength();
}
