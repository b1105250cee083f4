package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.gateway.config.AppConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The body a static reply carries, by connection kind, written through the HTTP encoder of an embedded channel. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticBodyTest {

    private final StaticFiles files = new StaticFiles();
    private AppConfig.StaticFiles config;
    private byte[] large;

    @BeforeAll
    void folder() throws Exception {
        Path dir = Files.createTempDirectory("portico-static-body-");
        large = new byte[200_000];
        new Random(5).nextBytes(large);
        Files.write(dir.resolve("large.bin"), large);
        Files.writeString(dir.resolve("small.txt"), "tiny");
        config = new AppConfig.StaticFiles(List.of(new AppConfig.StaticFiles.Mapping("/s/", dir)), Optional.empty(),
                false);
    }

    private StaticReply serve(EmbeddedChannel ch, String path, boolean zeroCopy) {
        AtomicReference<StaticReply> reply = new AtomicReference<>();
        files.serve(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path),
                config, StaticRoute.match(config, path), ByteBufAllocator.DEFAULT, zeroCopy, ch.eventLoop(), reply::set);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            ch.runPendingTasks(); // the answer comes back to the channel's loop
            return reply.get() != null;
        });
        return reply.get();
    }

    @Test
    void aPlainConnectionGetsAFileRegion() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseEncoder());
        StaticReply r = serve(ch, "/s/large.bin", true);
        assertThat(r.body()[0]).isInstanceOf(DefaultFileRegion.class);
        assertThat(r.chunked()).isFalse();
        assertThat(r.bodyBytes()).isEqualTo(large.length);
        r.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void otherwiseChunksComeThroughAChunkedWriteHandlerWithEveryByte() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseEncoder(), new ChunkedWriteHandler());
        StaticReply r = serve(ch, "/s/large.bin", false);
        assertThat(r.body()[0]).isInstanceOf(HttpChunkedInput.class);
        assertThat(r.chunked()).isTrue();
        ch.write(r.head());
        ch.writeAndFlush(r.body()[0]);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            wire.write(bytes);
            b.release();
        }
        byte[] all = wire.toByteArray();
        String head = new String(all, 0, Math.min(all.length, 400), StandardCharsets.ISO_8859_1);
        int bodyAt = head.indexOf("\r\n\r\n") + 4;
        assertThat(head).startsWith("HTTP/1.1 200 OK").contains("content-length: " + large.length);
        assertThat(java.util.Arrays.copyOfRange(all, bodyAt, all.length)).isEqualTo(large);
        ch.finishAndReleaseAll();
    }

    @Test
    void aSmallFileComesFromMemoryAsOneFullResponse() {
        EmbeddedChannel ch = new EmbeddedChannel();
        StaticReply r = serve(ch, "/s/small.txt", false);
        assertThat(r.body()).isEmpty();
        assertThat(((FullHttpResponse) r.head()).content().toString(StandardCharsets.UTF_8)).isEqualTo("tiny");
        r.release();
        ch.finishAndReleaseAll();
    }
}
