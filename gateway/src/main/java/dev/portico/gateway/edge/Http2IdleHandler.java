package dev.portico.gateway.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/2 connection that has received no frame for {@code timeout.idle} and has no stream
 * open, with a GOAWAY first, as an idle HTTP/1.1 keep-alive connection is closed. A connection with a
 * long request in flight stays, however quiet.
 *
 * <p>Only reads are watched: with no stream open the gateway has nothing of its own to send, and
 * watching writes would hang a listener on every frame the streams write.
 */
final class Http2IdleHandler extends IdleStateHandler {

    private final Http2FrameCodec codec;

    Http2IdleHandler(Http2FrameCodec codec, Duration idle) {
        super(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.codec = codec;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (codec.connection().numActiveStreams() == 0) {
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
