package dev.portico.gateway.upstream.uwsgi;

import dev.portico.gateway.upstream.RequestContext;
import dev.portico.gateway.upstream.UpstreamProtocol;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * uwsgi to the app: the head as a packet of CGI variables, the body raw after it, an HTTP/1.x answer
 * back. One request per connection, so an app's {@code workers} is exactly the number of connections
 * the gateway holds to it; and the body must have a length (a chunked one is collected first).
 */
public final class UwsgiProtocol implements UpstreamProtocol {

    public static final UwsgiProtocol INSTANCE = new UwsgiProtocol();

    private UwsgiProtocol() {
    }

    @Override
    public void initPipeline(ChannelPipeline pipeline) {
        UwsgiResponseDecoder decoder = new UwsgiResponseDecoder();
        pipeline.addLast("uwsgi-response", decoder);
        pipeline.addLast("uwsgi-request", new UwsgiRequestEncoder(decoder));
    }

    /**
     * Encodes the head at once, so that a head too large for one packet is refused (with
     * {@link io.netty.handler.codec.http.TooLongHttpHeaderException}) before anything is written.
     */
    @Override
    public Object requestHead(HttpRequest request, RequestContext context) {
        return new UwsgiRequest(UwsgiVars.packet(request, context, ByteBufAllocator.DEFAULT),
                HttpMethod.HEAD.equals(request.method()));
    }

    @Override
    public boolean reusable() {
        return false;
    }

    @Override
    public boolean needsContentLength() {
        return true;
    }
}
