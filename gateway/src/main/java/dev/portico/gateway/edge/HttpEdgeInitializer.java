package dev.portico.gateway.edge;

import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.proxy.DownstreamHandler;
import dev.portico.gateway.proxy.OwnHeaderNames;
import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.flow.FlowControlHandler;

/** The plain-HTTP downstream pipeline: connection cap, strict HTTP/1.1 decoding, the proxy. */
public final class HttpEdgeInitializer extends ChannelInitializer<Channel> {

    /** Body chunks passed on as they arrive, up to this size each. */
    static final int MAX_CHUNK = 64 * 1024;

    private final Proxy proxy;
    private final ConnectionLimiter limiter;

    public HttpEdgeInitializer(Proxy proxy, ConnectionLimiter limiter) {
        this.proxy = proxy;
        this.limiter = limiter;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", new ConnectionLimitHandler(limiter, false));
        addHttp1(p, proxy, false);
    }

    /** The HTTP/1.1 part, shared with the TLS pipeline once ALPN chose http/1.1. */
    public static void addHttp1(ChannelPipeline p, Proxy proxy, boolean secure) {
        GatewayConfig.HttpLimits limits = proxy.gateway().http();
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxUri())
                .setMaxHeaderSize(limits.maxHeader())
                .setMaxChunkSize(MAX_CHUNK)
                .setHeadersFactory(OwnHeaderNames.REQUEST_HEADERS);
        p.addLast("decoder", new RequestDecoder(config, limits.headerTimeout().toNanos(),
                limits.idleTimeout().toNanos()));
        p.addLast("encoder", new ResponseEncoder());
        p.addLast("flow", new FlowControlHandler());
        p.addLast("proxy", new DownstreamHandler(proxy, secure, false));
    }
}
