package dev.portico.gateway.upstream.http;

import dev.portico.gateway.upstream.HeaderNameCheck;
import dev.portico.gateway.upstream.RequestContext;
import dev.portico.gateway.upstream.UpstreamProtocol;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;

/** HTTP/1.1 to the app, keep-alive, the request passed as it is (its headers already rewritten). */
public final class HttpProtocol implements UpstreamProtocol {

    public static final HttpProtocol INSTANCE = new HttpProtocol();

    /** Response head limits: an app that sends more is answered 502 upstream_protocol. */
    private static final int MAX_STATUS_LINE = 8 * 1024;
    private static final int MAX_RESPONSE_HEADER = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_STATUS_LINE)
            .setMaxHeaderSize(MAX_RESPONSE_HEADER)
            .setMaxChunkSize(MAX_CHUNK)
            .setHeadersFactory(HeaderNameCheck.RESPONSE_HEADERS);

    private HttpProtocol() {
    }

    @Override
    public void initPipeline(ChannelPipeline pipeline) {
        AppResponseDecoder decoder = new AppResponseDecoder(DECODER);
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
