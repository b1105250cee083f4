package dev.portico.gateway.edge.tls;

import dev.portico.gateway.edge.ConnectionLimitHandler;
import dev.portico.gateway.edge.ConnectionLimiter;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniHandler;

/**
 * The HTTPS downstream pipeline up to the end of the handshake: connection cap, SNI (picks the
 * certificate, builds its context off the event loop when it is not cached), TLS, then
 * {@link AlpnHandler}, which adds HTTP/2 or HTTP/1.1 once ALPN has chosen.
 */
final class TlsEdgeInitializer extends ChannelInitializer<Channel> {

    private final TlsEdge edge;
    private final Proxy proxy;
    private final ConnectionLimiter limiter;
    private final Metrics metrics;

    TlsEdgeInitializer(TlsEdge edge, Proxy proxy, ConnectionLimiter limiter, Metrics metrics) {
        this.edge = edge;
        this.proxy = proxy;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // The handshake gets as long as an HTTP/1.1 head: timeout.header, first for the ClientHello, then
        // again for the rest of the handshake.
        long timeoutMillis = proxy.gateway().http().headerTimeout().toMillis();
        p.addLast("limit", new ConnectionLimitHandler(limiter, true));
        p.addLast("sni", new SniHandler(edge.certificates(), timeoutMillis));
        p.addLast("alpn", new AlpnHandler(proxy, metrics));
    }
}
