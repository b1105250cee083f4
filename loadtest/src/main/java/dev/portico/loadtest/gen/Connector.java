package dev.portico.loadtest.gen;

import dev.portico.loadtest.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;

/**
 * Opens generator connections for one target on one event loop: TCP to the target (or to the tunnel's
 * proxy), then the CONNECT tunnel, then TLS with the Host as SNI, then an HTTP/1.1 response decoder.
 */
final class Connector {

    private final Target target;
    private final SslContext tls;
    private final Bootstrap bootstrap;

    Connector(Target target, SslContext tls, EventLoop loop) {
        this.target = target;
        this.tls = tls;
        this.bootstrap = new Bootstrap().group(loop).channel(Transport.DEFAULT.channel(false))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the real pipeline is set by open(); a bootstrap needs some handler
                    }
                });
    }

    /** Starts a connection whose events go to a new {@link ClientConnection} of {@code driver}. */
    ClientConnection open(LoopDriver driver, String sniHost) {
        Target.Tunnel tunnel = target.tunnel();
        String address = tunnel != null ? tunnel.address() : target.address();
        int port = tunnel != null ? tunnel.port() : target.port();
        Bootstrap b = bootstrap.clone();
        ClientConnection conn = new ClientConnection(driver, tunnel != null);
        b.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                SslHandler ssl = tls == null ? null : sslHandler(ch, sniHost);
                if (tunnel != null) {
                    p.addLast("tunnel", new ConnectTunnelHandler(target.address(), target.port(), tunnel.credentials()));
                } else if (ssl != null) {
                    p.addLast("tls", ssl);
                }
                if (tunnel != null) {
                    conn.tlsAfterTunnel(ssl);
                }
                p.addLast("decoder", new HttpResponseDecoder());
                p.addLast("conn", conn);
            }
        });
        ChannelFuture f = b.connect(new InetSocketAddress(address, port));
        f.channel().closeFuture().addListener(x -> conn.closedNow());
        return conn;
    }

    private SslHandler sslHandler(Channel ch, String sniHost) {
        boolean resume = target.tls().resume();
        // Without a peer host and port the client session cache is not consulted: every handshake is full.
        SslHandler h = resume ? tls.newHandler(ch.alloc(), sniHost, target.port()) : tls.newHandler(ch.alloc());
        SSLEngine engine = h.engine();
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sniHost)));
        if (resume) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(params);
        return h;
    }
}
