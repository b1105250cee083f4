package dev.portico.gateway.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/2 connection the way its last words can be heard: after the codec's GOAWAY, a TCP
 * half-close goes out, and whatever the client still sends is read and dropped for
 * up to {@value #LINGER_MILLIS} ms before the socket is closed. Closing at once with unread bytes in the
 * socket makes the kernel answer with a reset, which can destroy the GOAWAY before the client reads it;
 * a client that floods resets would then never learn why it was cut off.
 */
final class LingeringCloseHandler extends ChannelDuplexHandler {

    static final long LINGER_MILLIS = 2000;

    private boolean lingering;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (lingering) {
            // Closes asked for meanwhile (a failed write to the half-closed socket, a stream's reset)
            // wait for the lingering one.
            ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
            return;
        }
        if (!ctx.channel().isActive() || !(ctx.channel() instanceof DuplexChannel duplex)) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        ScheduledFuture<?> timer = ctx.executor().schedule(() -> {
            ctx.close(promise);
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            timer.cancel(false);
            promise.trySuccess();
        });
        // No TLS close_notify: once the engine's outbound side is closed it refuses to read on, which
        // would close the socket at once. The GOAWAY says it all; the TCP half-close ends the stream.
        ctx.flush();
        duplex.shutdownOutput();
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
