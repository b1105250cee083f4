package dev.portico.gateway.edge;

import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The HTTP/2 part of a TLS connection, once ALPN chose {@code h2}: the frame codec with the gateway's
 * limits, then one child channel per stream, each carrying one exchange exactly as an HTTP/1.1 request
 * would (see {@link Http2StreamInitializer}).
 *
 * <p>Limits: at most {@code http2.max.streams} concurrent streams (more are refused with REFUSED_STREAM),
 * of which {@code http2.max.inflight} are in the proxy at once (see {@link StreamGate}),
 * a header list of at most {@code max.header} bytes (431 beyond), and at most {@code http2.max.resets}
 * RST_STREAM frames a second from the client (the "rapid reset" flood: GOAWAY ENHANCE_YOUR_CALM and the
 * connection is closed).
 */
public final class Http2Edge {

    private Http2Edge() {
    }

    public static void addHttp2(ChannelPipeline p, Proxy proxy) {
        GatewayConfig.HttpLimits limits = proxy.gateway().http();
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeader()))
                .decoderEnforceMaxRstFramesPerWindow(limits.maxResetsPerSecond(), 1)
                .validateHeaders(true)
                .build();
        // streams answer one by one as their apps reply: their flushes within one turn of the event loop
        // become one TLS write instead of a record and a system call per response
        p.addLast("h2-flush",
                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        p.addLast("h2-linger", new LingeringCloseHandler());
        p.addLast("h2", codec);
        p.addLast("h2-idle", new Http2IdleHandler(codec, limits.idleTimeout(),
                () -> proxy.gateway().shutdownGrace()));
        p.addLast("h2-streams", new Http2MultiplexHandler(
                new Http2StreamInitializer(proxy, new StreamGate(limits.maxInflightStreams()))));
        p.addLast("h2-errors", new Http2ErrorHandler(limits.maxResetsPerSecond()));
    }
}
