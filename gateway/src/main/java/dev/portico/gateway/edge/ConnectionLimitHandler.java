package dev.portico.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * First in every downstream pipeline: admits the connection under the {@link ConnectionLimiter}, or
 * answers a plain-HTTP visitor 503 {@code connection_limit} (a TLS one is closed) and closes.
 */
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final ByteBuf REFUSED = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "HTTP/1.1 503 Service Unavailable\r\nX-Portico-Failure: connection_limit\r\nRetry-After: 5\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 58\r\nConnection: close\r\n\r\n"
                    + "Too many connections from your address; retry in a moment\n", StandardCharsets.US_ASCII));

    private final ConnectionLimiter limiter;
    private final boolean tls;
    private InetAddress address;

    public ConnectionLimitHandler(ConnectionLimiter limiter, boolean tls) {
        this.limiter = limiter;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            address = a.getAddress();
        }
        if (!limiter.tryAcquire(address)) {
            if (tls) {
                ctx.close();
            } else {
                ctx.writeAndFlush(REFUSED.duplicate()).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        InetAddress a = address;
        ctx.channel().closeFuture().addListener(f -> limiter.release(a));
        ctx.pipeline().remove(this); // nothing more to do for this connection
        ctx.fireChannelActive();
    }
}
