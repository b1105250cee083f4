package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tunnel's handlers on two embedded channels: the switch, bytes both ways, backpressure, idle, close. */
class WebSocketTunnelTest {

    private final WebSocketSlots slots = new WebSocketSlots();
    private EmbeddedChannel visitor;
    private EmbeddedChannel app;
    private final int[] visitorReads = {0};
    private final int[] appReads = {0};

    @BeforeEach
    void channels() {
        visitor = new EmbeddedChannel();
        visitor.config().setAutoRead(false);
        visitor.pipeline().addLast(new ReadCounter(visitorReads), new HttpRequestDecoder(), new HttpResponseEncoder(),
                new FlowControlHandler());
        app = new EmbeddedChannel();
        app.config().setAutoRead(false);
        app.pipeline().addLast(new ReadCounter(appReads), new HttpClientCodec(), new Discard());
    }

    @AfterEach
    void close() {
        visitor.finishAndReleaseAll();
        app.finishAndReleaseAll();
    }

    private WebSocketTunnel open(Duration idle) {
        return WebSocketTunnel.open(visitor, app, slots.tryOpen("a", 10), idle);
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            b.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return b.toString();
    }

    @Test
    void theHttpHandlersLeaveBothPipelines() {
        open(Duration.ofMinutes(1));
        assertThat(visitor.pipeline().names()).containsExactly("WebSocketTunnelTest$ReadCounter#0", "websocket",
                "DefaultChannelPipeline$TailContext#0");
        assertThat(app.pipeline().names()).containsExactly("websocket", "DefaultChannelPipeline$TailContext#0");
        assertThat(slots.open("a")).isEqualTo(1);
    }

    @Test
    void bytesTravelBothWaysUnchanged() {
        open(Duration.ofMinutes(1));
        visitor.writeInbound(bytes("\u0081\u0085frame-from-visitor"));
        assertThat(drain(app)).isEqualTo("\u0081\u0085frame-from-visitor");
        app.writeInbound(bytes("\u0081\u0003abc"));
        assertThat(drain(visitor)).isEqualTo("\u0081\u0003abc");
    }

    @Test
    void bytesTheAppSentRightAfterIts101ReachTheVisitor() {
        // As in the proxy: the tunnel opens while the app's codec is still decoding the read that held the 101.
        AtomicReference<WebSocketTunnel> tunnel = new AtomicReference<>();
        app.pipeline().replace(Discard.class, "exchange", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    tunnel.set(open(Duration.ofMinutes(1)));
                }
            }
        });
        app.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/ws"));
        drain(app);
        app.writeInbound(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: x\r\n\r\n\u0081\u0005hello"));
        assertThat(tunnel.get()).isNotNull();
        assertThat(drain(visitor)).isEqualTo("\u0081\u0005hello");
    }

    @Test
    void aSideStopsReadingWhileTheOtherCannotTakeMore() {
        open(Duration.ofMinutes(1));
        int before = visitorReads[0];
        app.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        visitor.writeInbound(bytes("data"));
        assertThat(visitorReads[0]).as("no new read while the app's side is full").isEqualTo(before);
        app.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        app.runPendingTasks(); // Netty announces regained writability from a task
        assertThat(visitorReads[0]).as("reading resumes once it drained").isEqualTo(before + 1);
        assertThat(drain(app)).isEqualTo("data");

        app.pipeline().addFirst(new ReadCounter(appReads)); // the app's side lost every handler but the tunnel's
        before = appReads[0];
        visitor.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        app.writeInbound(bytes("back"));
        assertThat(appReads[0]).isEqualTo(before);
        visitor.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        visitor.runPendingTasks();
        assertThat(appReads[0]).isEqualTo(before + 1);
    }

    @Test
    void whenOneSideClosesTheOtherFollowsAndTheSlotIsFreed() {
        WebSocketTunnel t = open(Duration.ofMinutes(1));
        app.writeInbound(bytes("last words"));
        app.close();
        assertThat(t.closed()).isTrue();
        assertThat(drain(visitor)).isEqualTo("last words"); // flushed before the close
        assertThat(visitor.isOpen()).isFalse();
        assertThat(slots.open("a")).isZero();
    }

    @Test
    void aQuietTunnelIsClosedAfterItsIdleTimeAndTrafficPostponesIt() throws InterruptedException {
        WebSocketTunnel t = open(Duration.ofMillis(300));
        Thread.sleep(200);
        visitor.writeInbound(bytes("x"));
        drain(app);
        Thread.sleep(200);
        visitor.runScheduledPendingTasks();
        assertThat(t.closed()).as("traffic 200 ms ago").isFalse();
        Thread.sleep(250);
        visitor.runScheduledPendingTasks();
        assertThat(t.closed()).isTrue();
        assertThat(visitor.isOpen()).isFalse();
        assertThat(app.isOpen()).isFalse();
        assertThat(slots.open("a")).isZero();
    }

    /** Counts read requests that reach the head of a pipeline. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        private final int[] count;

        ReadCounter(int[] count) {
            this.count = count;
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            count[0]++;
            ctx.read();
        }
    }

    /** Stands for the upstream handler the tunnel replaces. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg.getClass());
            ReferenceCountUtil.release(msg);
        }
    }
}
