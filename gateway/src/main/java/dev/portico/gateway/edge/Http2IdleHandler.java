package dev.portico.gateway.edge;

import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Closes an HTTP/2 connection that has received no frame for {@code timeout.idle} and has no stream
 * open, with a GOAWAY first, as an idle HTTP/1.1 keep-alive connection is closed. A connection with a
 * long request in flight stays, however quiet.
 *
 * <p>At shutdown ({@link Proxy#DRAIN}) the connection is closed the codec's graceful way: a GOAWAY at
 * once, so that the client opens its next streams elsewhere, and the close when the streams in flight
 * are answered, or when {@code shutdown.grace} is over.
 *
 * <p>Only reads are watched: with no stream open the gateway has nothing of its own to send, and
 * watching writes would hang a listener on every frame the streams write.
 */
final class Http2IdleHandler extends IdleStateHandler {

    private final Http2FrameCodec codec;
    private final Supplier<Duration> shutdownGrace;

    Http2IdleHandler(Http2FrameCodec codec, Duration idle, Supplier<Duration> shutdownGrace) {
        super(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.codec = codec;
        this.shutdownGrace = shutdownGrace;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == Proxy.DRAIN) {
            // the codec's builder makes its close wait for nothing; a drain waits for the streams
            codec.gracefulShutdownTimeoutMillis(shutdownGrace.get().toMillis());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (codec.connection().numActiveStreams() == 0) {
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
