package dev.portico.gateway.egress;

import dev.portico.gateway.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Opens an upstream connection to checked addresses, one after the other until one answers, all within
 * one deadline. The bootstrap is given addresses, never names, and has no resolver at all: whatever it
 * connects to is an address that was checked.
 */
final class Dialer {

    private Dialer() {
    }

    /**
     * An upstream bootstrap as both kinds of egress connection want it: reads only when asked (the
     * other side paces them), no Nagle delay, and the same write buffer marks as client connections.
     */
    static Bootstrap bootstrap(Transport transport, ChannelHandler handler) {
        return new Bootstrap().channel(transport.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .handler(handler);
    }

    /** {@code bootstrap} has its channel, options and handler set; the connection opens on {@code loop}. */
    static Future<Channel> dial(Bootstrap bootstrap, EventLoop loop, List<InetAddress> addresses, int port,
                                Duration timeout) {
        Promise<Channel> promise = loop.newPromise();
        Bootstrap b = bootstrap.clone(loop).resolver(NoopAddressResolverGroup.INSTANCE);
        attempt(b, promise, addresses, port, 0, System.nanoTime() + timeout.toNanos(), null);
        return promise;
    }

    private static void attempt(Bootstrap b, Promise<Channel> promise, List<InetAddress> addresses, int port, int i,
                                long deadline, Throwable last) {
        long left = deadline - System.nanoTime();
        if (i >= addresses.size() || left <= 0) {
            promise.tryFailure(left <= 0 ? new ConnectTimeoutException("no connection within the connect timeout")
                    : last);
            return;
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
        ChannelFuture f = b.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
                .connect(new InetSocketAddress(addresses.get(i), port));
        f.addListener(x -> {
            if (f.isSuccess()) {
                if (!promise.trySuccess(f.channel())) {
                    f.channel().close(); // the asker gave up meanwhile
                }
            } else if (!promise.isDone()) {
                attempt(b, promise, addresses, port, i + 1, deadline, f.cause());
            }
        });
    }
}
