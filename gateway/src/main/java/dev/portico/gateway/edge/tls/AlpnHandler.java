package dev.portico.gateway.edge.tls;

import dev.portico.gateway.edge.Http2Edge;
import dev.portico.gateway.edge.HttpEdgeInitializer;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the SNI and TLS handlers until the handshake is over: counts it in
 * {@code portico_tls_handshakes_total{result}} with its duration, then builds the rest of the pipeline
 * for the protocol ALPN chose (HTTP/2, or HTTP/1.1 when the client asked for it or for nothing) and
 * steps aside.
 *
 * <p>The connection does not auto-read: this handler asks for the ClientHello; the SNI and TLS handlers
 * ask for the rest of the handshake; then HTTP/1.1 reads at the proxy's pace, while HTTP/2 reads freely
 * and leaves the pacing to each stream's flow-control window.
 */
final class AlpnHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AlpnHandler.class);

    /** Result labels of {@code portico_tls_handshakes_total}. */
    static final String SUCCESS = "success";
    static final String RESUMED = "resumed";
    static final String FAILURE = "failure";
    static final String TIMEOUT = "timeout";
    static final String NO_CERTIFICATE = "no_certificate";

    private final Proxy proxy;
    private final Metrics metrics;
    private long startNanos;
    private boolean counted;
    private List<Object> early; // decrypted bytes that beat the handshake event here; replayed once configured
    private boolean drainSeen; // shutdown began during the handshake: counted in Proxy.firstRequestsAwaited

    AlpnHandler(Proxy proxy, Metrics metrics) {
        this.proxy = proxy;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startNanos = System.nanoTime();
        ctx.read(); // the ClientHello; the handlers that follow are added once the protocol is known
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (early == null) {
            early = new ArrayList<>(2);
        }
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == Proxy.DRAIN) {
            // mid-handshake at shutdown: the visitor's request is still to come; the handlers added
            // once ALPN has chosen hear of the drain then
            if (!drainSeen && ctx.channel().isActive()) {
                drainSeen = true;
                proxy.firstRequestAwaited(1);
            }
            return;
        }
        if (evt instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            count(sni.cause() instanceof NoCertificateException ? NO_CERTIFICATE
                    : sni.cause() instanceof SslHandshakeTimeoutException ? TIMEOUT : FAILURE);
            log.debug("{}: no certificate for SNI {}: {}", ctx.channel(), sni.hostname(), sni.cause().toString());
            ctx.close();
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                count(done.cause() instanceof SslHandshakeTimeoutException ? TIMEOUT : FAILURE);
                log.debug("{}: TLS handshake failed: {}", ctx.channel(), done.cause().toString());
                ctx.close();
                return;
            }
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            count(resumed(ssl) ? RESUMED : SUCCESS);
            configure(ctx, ssl.applicationProtocol());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void configure(ChannelHandlerContext ctx, String protocol) {
        ChannelPipeline p = ctx.pipeline();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Http2Edge.addHttp2(p, proxy);
            p.remove(this);
            ctx.channel().config().setAutoRead(true);
        } else {
            HttpEdgeInitializer.addHttp1(p, proxy, true);
            ctx.fireChannelActive(); // the HTTP/1.1 handlers were not there when the connection opened
            p.remove(this);
        }
        if (drainSeen) {
            p.fireUserEventTriggered(Proxy.DRAIN); // HTTP/1.1 awaits its first request, HTTP/2 sends GOAWAY
            stopAwaiting();
        }
    }

    private void stopAwaiting() {
        if (drainSeen) {
            drainSeen = false;
            proxy.firstRequestAwaited(-1);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        List<Object> pending = early;
        early = null;
        if (pending != null) {
            for (Object msg : pending) {
                ctx.fireChannelRead(msg);
            }
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopAwaiting();
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        count(FAILURE); // a ClientHello that is not TLS, an unsupported protocol version, a reset
        log.debug("{}: TLS handshake failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private void count(String result) {
        if (!counted) {
            counted = true;
            metrics.tlsHandshake(result, System.nanoTime() - startNanos);
        }
    }

    private static boolean resumed(SslHandler ssl) {
        return ssl.engine() instanceof ReferenceCountedOpenSslEngine e && SSL.isSessionReused(e.sslPointer());
    }
}
