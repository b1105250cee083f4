package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.AppConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The body a static reply carries, by connection kind, and the chunked one written through an HTTP
 * encoder and a ChunkedWriteHandler on a real (in-JVM) channel, since its chunks are read on another
 * thread and come back through the channel's event loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticBodyTest {

    private final StaticFiles files = new StaticFiles();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private AppConfig.StaticFiles config;
    private byte[] large;

    @BeforeAll
    void folder() throws Exception {
        Path dir = Files.createTempDirectory("portico-static-body-");
        large = new byte[1_000_003];
        new Random(5).nextBytes(large);
        Files.write(dir.resolve("large.bin"), large);
        Files.writeString(dir.resolve("small.txt"), "tiny");
        config = new AppConfig.StaticFiles(List.of(new AppConfig.StaticFiles.Mapping("/s/", dir)), Optional.empty(),
                false);
    }

    @AfterAll
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A served channel (encoder + chunked writer) and the bytes its peer receives. */
    private final class Wire implements AutoCloseable {
        final CompletableFuture<Channel> served = new CompletableFuture<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final Channel server;
        final Channel client;

        Wire() throws InterruptedException {
            LocalAddress address = new LocalAddress("static-body-" + UUID.randomUUID());
            server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpResponseEncoder(), new ChunkedWriteHandler());
                            served.complete(ch);
                        }
                    }).bind(address).sync().channel();
            client = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    byte[] bytes = new byte[b.readableBytes()];
                    b.readBytes(bytes);
                    b.release();
                    synchronized (received) {
                        received.writeBytes(bytes);
                    }
                }
            }).connect(address).sync().channel();
        }

        StaticReply serve(String path, boolean zeroCopy) throws Exception {
            Channel ch = served.get(5, TimeUnit.SECONDS);
            CompletableFuture<StaticReply> reply = new CompletableFuture<>();
            ch.eventLoop().execute(() -> files.serve(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path),
                    config, StaticRoute.match(config, path), ch, zeroCopy, reply::complete));
            return reply.get(5, TimeUnit.SECONDS);
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        @Override
        public void close() {
            client.close().syncUninterruptibly();
            server.close().syncUninterruptibly();
        }
    }

    @Test
    void aPlainConnectionGetsAFileRegion() throws Exception {
        try (Wire w = new Wire()) {
            StaticReply r = w.serve("/s/large.bin", true);
            assertThat(r.body()[0]).isInstanceOf(DefaultFileRegion.class);
            assertThat(r.chunked()).isFalse();
            assertThat(r.bodyBytes()).isEqualTo(large.length);
            r.release();
        }
    }

    @Test
    void otherwiseChunksReadOffTheLoopReachThePeerWithEveryByte() throws Exception {
        try (Wire w = new Wire()) {
            StaticReply r = w.serve("/s/large.bin", false);
            assertThat(r.body()[0]).isInstanceOf(HttpChunkedInput.class);
            assertThat(r.chunked()).isTrue();
            Channel ch = w.served.get();
            CountDownLatch written = new CountDownLatch(1);
            ch.eventLoop().execute(() -> {
                ch.write(r.head());
                ch.writeAndFlush(r.body()[0]).addListener(f -> written.countDown());
            });
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            byte[] all = w.bytes();
            while (all.length <= large.length && System.nanoTime() < deadline) {
                Thread.sleep(20);
                all = w.bytes();
            }
            String head = new String(all, 0, Math.min(all.length, 400), StandardCharsets.ISO_8859_1);
            int bodyAt = head.indexOf("\r\n\r\n") + 4;
            assertThat(head).startsWith("HTTP/1.1 200 OK").contains("content-length: " + large.length);
            assertThat(all.length - bodyAt).isEqualTo(large.length);
            assertThat(Arrays.equals(Arrays.copyOfRange(all, bodyAt, all.length), large)).isTrue();
        }
    }

    @Test
    void aSmallFileComesFromMemoryAsOneFullResponse() throws Exception {
        try (Wire w = new Wire()) {
            StaticReply r = w.serve("/s/small.txt", false);
            assertThat(r.body()).isEmpty();
            assertThat(((FullHttpResponse) r.head()).content().toString(StandardCharsets.UTF_8)).isEqualTo("tiny");
            r.release();
        }
    }
}
