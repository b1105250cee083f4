package dev.portico.gateway.upstream.http;

import dev.portico.gateway.upstream.RequestContext;
import dev.portico.gateway.upstream.UpstreamProtocol;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;

/** HTTP/1.1 to the app, keep-alive, the request passed as it is (its headers already rewritten). */
public final class HttpProtocol implements UpstreamProtocol {

    public static final HttpProtocol INSTANCE = new HttpProtocol();

    private HttpProtocol() {
    }

    @Override
    public void initPipeline(ChannelPipeline pipeline) {
        AppResponseDecoder decoder = new AppResponseDecoder();
        pipeline.addLast("http-response", decoder);
        pipeline.addLast("http-request", new AppRequestEncoder(decoder));
    }

    @Override
    public Object requestHead(HttpRequest request, RequestContext context) {
        return request;
    }

    @Override
    public boolean reusable() {
        return true;
    }

    @Override
    public boolean needsContentLength() {
        return false;
    }
}
