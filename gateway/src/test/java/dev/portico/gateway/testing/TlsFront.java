package dev.portico.gateway.testing;

import dev.portico.gateway.Transport;
import dev.portico.gateway.edge.HttpEdgeInitializer;
import dev.portico.gateway.proxy.DownstreamHandler;
import dev.portico.gateway.proxy.Proxy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS listener (self-signed certificate, ALPN h2 and http/1.1) in front of a running gateway's proxy,
 * for tests of what the proxy does on TLS connections and HTTP/2 streams. Not the product's HTTPS edge:
 * just enough pipeline to put the proxy's handler behind an SslHandler or on an HTTP/2 stream.
 */
public final class TlsFront implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;

    public TlsFront(Proxy proxy) throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        SslContext ssl = SslContextBuilder.forServer(cert.certificate(), cert.privateKey())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        Transport transport = Transport.detect();
        group = transport.newGroup(1, "tls-front");
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new Alpn(proxy));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A client context that trusts any certificate (the test's own, self-signed). */
    public static SSLContext trustingClient() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return c;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** After the handshake: the proxy's HTTP/1.1 pipeline, or HTTP/2 with the proxy's handler on each stream. */
    private static final class Alpn extends ApplicationProtocolNegotiationHandler {
        private final Proxy proxy;

        Alpn(Proxy proxy) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.proxy = proxy;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build());
                ctx.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.config().setAutoRead(false);
                        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                        ch.pipeline().addLast(new FlowControlHandler());
                        ch.pipeline().addLast(new DownstreamHandler(proxy, true, true));
                    }
                }));
                return;
            }
            ctx.channel().config().setAutoRead(false);
            HttpEdgeInitializer.addHttp1(ctx.pipeline(), proxy, true);
            ChannelHandlerContext proxyCtx = ctx.pipeline().context(DownstreamHandler.class);
            ((DownstreamHandler) proxyCtx.handler()).channelActive(proxyCtx); // the connection is long active
        }
    }
}
