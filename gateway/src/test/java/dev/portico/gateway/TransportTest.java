package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.testing.GatewayProcess;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestFolder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each network transport, chosen as an operator would ({@code -Dportico.transport}, or nothing), carries
 * visitors' requests to an app and back; the log line names the transport in use.
 */
class TransportTest {

    @TempDir
    Path dir;
    SimpleBackend backend;
    GatewayProcess process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void ioUringByDefault() throws Exception {
        SystemDeps.requireKernel(IoUring.isAvailable(), "io_uring", IoUring.unavailabilityCause());
        assertThat(proxyThrough(List.of())).contains("transport io_uring,");
    }

    @Test
    void epollWhenAskedFor() throws Exception {
        SystemDeps.requireKernel(Epoll.isAvailable(), "epoll", Epoll.unavailabilityCause());
        assertThat(proxyThrough(List.of("-Dportico.transport=epoll"))).contains("transport epoll,");
    }

    @Test
    void ioUringWhenAskedFor() throws Exception {
        SystemDeps.requireKernel(IoUring.isAvailable(), "io_uring", IoUring.unavailabilityCause());
        assertThat(proxyThrough(List.of("-Dportico.transport=io_uring"))).contains("transport io_uring,");
    }

    @Test
    void anUnknownTransportStopsTheStartWithWhatToWrite() throws Exception {
        int http = GatewayProcess.freePort();
        new TestFolder(dir).gateway("listen.http", "127.0.0.1:" + http)
                .gateway("listen.admin", "127.0.0.1:" + GatewayProcess.freePort());
        process = GatewayProcess.start(dir, dir.resolve("gateway.log"), List.of("-Dportico.transport=uring"));
        assertThat(process.awaitExit(30_000)).as("exited; log: %s", process.log()).isTrue();
        assertThat(process.exitCode()).isEqualTo(1);
        assertThat(process.log()).contains("-Dportico.transport=uring is not a transport: use io_uring, epoll or nio");
    }

    @Test
    void nioWhenAskedFor() throws Exception {
        assertThat(proxyThrough(List.of("-Dportico.transport=nio"))).contains("transport nio,");
    }

    /**
     * The listeners leave Nagle's algorithm to the transport, which turns it off on every accepted
     * connection by itself (small answers would otherwise wait for the visitor's delayed ACK).
     */
    @Test
    void everyTransportAcceptsConnectionsWithNagleOff() throws Exception {
        for (String kind : List.of("nio", "epoll", "io_uring")) {
            Transport transport = offered(kind);
            if (transport == null) {
                continue; // not offered by this kernel: epollByDefault and ioUringWhenAskedFor say so
            }
            EventLoopGroup group = transport.newGroup(1, "nagle-" + kind);
            try {
                CompletableFuture<Channel> accepted = new CompletableFuture<>();
                Channel listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                        .childHandler(new ChannelInitializer<>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                accepted.complete(ch);
                            }
                        })
                        .bind("127.0.0.1", 0).sync().channel();
                try (Socket visitor = new Socket("127.0.0.1", ((InetSocketAddress) listener.localAddress()).getPort())) {
                    Channel ch = accepted.get(5, TimeUnit.SECONDS);
                    assertThat(ch.config().getOption(ChannelOption.TCP_NODELAY)).as(kind).isTrue();
                }
                listener.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    /** The transport {@code kind} as {@code -Dportico.transport} picks it, or null when this kernel does not offer it. */
    static Transport offered(String kind) {
        String before = System.getProperty("portico.transport");
        System.setProperty("portico.transport", kind);
        try {
            Transport t = Transport.detect();
            return t.name().equals(kind) ? t : null;
        } finally {
            if (before == null) {
                System.clearProperty("portico.transport");
            } else {
                System.setProperty("portico.transport", before);
            }
        }
    }

    /** Starts a gateway process with {@code options}, sends 20 GETs and a POST through it; returns its log. */
    private String proxyThrough(List<String> options) throws Exception {
        backend = new SimpleBackend("site", 0);
        int http = GatewayProcess.freePort();
        int admin = GatewayProcess.freePort();
        new TestFolder(dir).gateway("listen.http", "127.0.0.1:" + http).gateway("listen.admin", "127.0.0.1:" + admin)
                .app("site", "domains", "site.test", "backends", backend.url());
        process = GatewayProcess.start(dir, dir.resolve("gateway.log"), options);
        assertThat(process.awaitListening(http, 30_000)).as("listening; log: %s", process.log()).isTrue();
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> res = Http.get(http, "site.test", "/n" + i);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(Http.text(res)).isEqualTo("site\n");
        }
        byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<byte[]> posted = Http.send(http, "site.test", "POST", "/upload", body);
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(21);
        return process.log();
    }
}
