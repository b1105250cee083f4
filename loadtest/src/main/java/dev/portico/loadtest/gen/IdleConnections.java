package dev.portico.loadtest.gen;

import dev.portico.loadtest.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many keep-alive connections that each send one request and then stay open, idle: what a gateway
 * holds for visitors between clicks. Opened in batches so that the server's accept queue keeps up.
 */
public final class IdleConnections implements AutoCloseable {

    private final EventLoopGroup group = Transport.DEFAULT.newGroup(1, "idle-conns");
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger ok = new AtomicInteger();

    /** Opens {@code count} connections to 127.0.0.1:{@code port}; returns how many got a 200 answer. */
    public int open(int port, String host, int count, int batch) throws InterruptedException {
        String request = "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
        Bootstrap b = new Bootstrap().group(group).channel(Transport.DEFAULT.channel(false))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        for (int done = 0; done < count; done += batch) {
            int n = Math.min(batch, count - done);
            CountDownLatch answered = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                b.clone().handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpResponseDecoder(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                channels.add(ctx.channel());
                                ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), request));
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof HttpResponse r && r.status().code() == 200) {
                                    ok.incrementAndGet();
                                }
                                if (msg instanceof LastHttpContent) {
                                    answered.countDown();
                                }
                                ReferenceCountUtil.release(msg);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                answered.countDown(); // closed before (or after) its answer: do not wait for it
                            }
                        });
                    }
                }).connect(new InetSocketAddress("127.0.0.1", port)).addListener(f -> {
                    if (!f.isSuccess()) {
                        answered.countDown();
                    }
                });
            }
            answered.await(30, TimeUnit.SECONDS);
        }
        return ok.get();
    }

    /** Connections still open. */
    public int open() {
        return channels.size();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
