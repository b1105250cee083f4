package dev.portico.loadtest.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTPS server (JDK TLS) answering 200 "tls ok"; it records the SNI names it was asked for and its handshakes. */
public final class TlsServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    private final Set<String> sniNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    public TlsServer(Path cert, Path key) throws Exception {
        this(cert, key, null);
    }

    /** {@code groups}: the key exchange groups the server accepts (OpenSSL names, colon-separated), or null. */
    public TlsServer(Path cert, Path key, String groups) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), key.toFile());
        if (groups != null) {
            builder.sslProvider(SslProvider.OPENSSL).option(OpenSslContextOption.GROUPS, groups.split(":"));
        }
        SslContext ctx = builder.build();
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        open.incrementAndGet();
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new SniHandler(host -> {
                            if (host != null) {
                                sniNames.add(host);
                            }
                            return ctx;
                        }), new HttpServerCodec(), new HttpObjectAggregator(65536), new Answer());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("tls ok", StandardCharsets.US_ASCII));
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 6);
            ctx.writeAndFlush(res);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                handshakes.incrementAndGet();
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public Set<String> sniNames() {
        return sniNames;
    }

    public int handshakes() {
        return handshakes.get();
    }

    /**
     * Waits until every connection a client opened has closed, so that no handshake is still under way when
     * {@link #handshakes()} is read; fails if one stays open past {@code timeout}.
     */
    public void awaitNoConnections(java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (open.get() > 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError(open.get() + " connection(s) still open after " + timeout);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
