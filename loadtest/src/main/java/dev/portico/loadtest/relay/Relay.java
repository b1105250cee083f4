package dev.portico.loadtest.relay;

import dev.portico.loadtest.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Each visitor connection gets one connection of its own to the app, opened on the same event loop;
 * whatever one side reads is written to the other and flushed at the end of the read. A side stops
 * reading while the other cannot take more, and a close on either side closes both.
 *
 * <p>{@link Mode#TCP} moves the bytes as they come. {@link Mode#HTTP} puts Netty's HTTP server codec on
 * the visitor's side and its client codec on the app's, so every message is decoded into Netty's
 * request and response objects and encoded again, which is the codec work a proxy on Netty does at the
 * least; nothing else is done to them.
 */
public final class Relay implements AutoCloseable {

    /** What the relay does to the bytes on their way. */
    public enum Mode { TCP, HTTP }

    private final EventLoopGroup group;
    private final Channel server;

    private Relay(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and relays to {@code app}. */
    public static Relay start(Mode mode, int port, InetSocketAddress app, int threads) throws InterruptedException {
        Transport transport = Transport.DEFAULT;
        EventLoopGroup group = transport.newGroup(threads, "relay-loop");
        try {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel(false))
                    .childOption(ChannelOption.AUTO_READ, false) // TCP_NODELAY is on by the transport, as for the gateway
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel visitor) {
                            if (mode == Mode.HTTP) {
                                visitor.pipeline().addLast(new HttpServerCodec());
                            }
                            visitor.pipeline().addLast(new VisitorSide(mode, app, transport));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            return new Relay(group, server);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly(); // no quiet period: nothing is left
    }

    /** Opens the app connection when a visitor connects, then starts reading from both. */
    private static final class VisitorSide extends Forward {

        private final Mode mode;
        private final InetSocketAddress app;
        private final Transport transport;

        VisitorSide(Mode mode, InetSocketAddress app, Transport transport) {
            this.mode = mode;
            this.app = app;
            this.transport = transport;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel visitor = ctx.channel();
            new Bootstrap().group(visitor.eventLoop()).channel(transport.channel(false))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel up) {
                            if (mode == Mode.HTTP) {
                                up.pipeline().addLast(new HttpClientCodec());
                            }
                            up.pipeline().addLast(new Forward(visitor));
                        }
                    })
                    .connect(app).addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            visitor.close();
                            return;
                        }
                        if (!visitor.isActive()) { // the visitor left while this connection was being opened
                            f.channel().close();
                            return;
                        }
                        peer = f.channel();
                        visitor.config().setAutoRead(true);
                    });
        }
    }

    /** Writes what its channel reads to the peer channel. */
    private static class Forward extends ChannelInboundHandlerAdapter {

        Channel peer;

        Forward() {
        }

        Forward(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (peer == null || !peer.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            peer.write(msg, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (peer != null) {
                peer.flush();
                if (!peer.isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (peer != null && ctx.channel().isWritable()) {
                peer.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer != null) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
