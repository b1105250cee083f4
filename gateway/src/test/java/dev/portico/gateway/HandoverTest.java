package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.UnixChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the kernel does with the steering of {@link Handover}, on real listeners sharing a port with
 * {@code SO_REUSEPORT}: where each new connection lands before, during and after a handover.
 */
class HandoverTest {

    /** Accepted connections per listener. */
    private final Map<Channel, AtomicInteger> accepted = new ConcurrentHashMap<>();

    @Test
    void aDrainingListenerSendsEveryNewConnectionToTheOtherOne() throws Exception {
        for (String kind : List.of("epoll", "io_uring")) {
            Transport transport = TransportTest.offered(kind);
            if (transport == null) {
                continue; // not offered by this kernel: TransportTest says so
            }
            accepted.clear();
            EventLoopGroup group = transport.newGroup(1, "handover-" + kind);
            try {
                Channel old = listen(transport, group, 0);
                int port = ((InetSocketAddress) old.localAddress()).getPort();
                Channel next = listen(transport, group, port);

                connect(port, 200);
                assertThat(count(old)).as("%s: the kernel spreads connections over both", kind).isPositive();
                assertThat(count(next)).as(kind).isPositive();

                // a rollback: the listener that bound second stops, and sends everything to the first
                assertThat(Handover.steerTo(next, 0)).as(kind).isTrue();
                int nextBefore = count(next);
                connect(port, 100);
                assertThat(count(next)).as("%s: none for listener 1 when steered to 0", kind).isEqualTo(nextBefore);

                // the upgrade: the listener that bound first stops, and sends everything to the second
                assertThat(Handover.steerTo(old, 1)).as(kind).isTrue();
                int oldBefore = count(old);
                connect(port, 100);
                assertThat(count(old)).as("%s: none for listener 0 when steered to 1", kind).isEqualTo(oldBefore);

                old.close().sync();
                nextBefore = count(next);
                connect(port, 50);
                assertThat(count(next) - nextBefore).as("%s: alone, it gets them all", kind).isEqualTo(50);

                Channel third = listen(transport, group, port);
                connect(port, 50);
                assertThat(count(third)).as("%s: the program stays with the port's group", kind).isEqualTo(50);
                Handover.spreadAgain(third);
                nextBefore = count(next);
                connect(port, 200);
                assertThat(count(next) - nextBefore).as("%s: spread again once it is removed", kind).isPositive();
                assertThat(count(third)).as(kind).isGreaterThan(50);
                third.close().sync();
                next.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void withoutANativeTransportNothingIsSteered() throws Exception {
        Transport nio = TransportTest.offered("nio");
        EventLoopGroup group = nio.newGroup(1, "handover-nio");
        try {
            Channel listener = new ServerBootstrap().group(group).channel(nio.serverChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.close();
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            assertThat(Handover.steerTo(listener, 1)).isFalse();
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private Channel listen(Transport transport, EventLoopGroup group, int port) throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        Channel ch = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(UnixChannelOption.SO_REUSEPORT, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.get(ch.parent()).incrementAndGet();
                        ch.close();
                    }
                })
                .register().sync().channel();
        accepted.put(ch, count);
        ch.bind(new InetSocketAddress("127.0.0.1", port)).sync();
        return ch;
    }

    private int count(Channel listener) {
        return accepted.get(listener).get();
    }

    /** Opens and closes {@code n} connections, one after the other, and waits until all were accepted. */
    private void connect(int port, int n) throws IOException, InterruptedException {
        int before = total();
        for (int i = 0; i < n; i++) {
            new Socket("127.0.0.1", port).close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (total() < before + n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(total()).as("connections accepted").isEqualTo(before + n);
    }

    private int total() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
