package dev.portico.gateway.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection: hands decoded responses to the exchange that owns the
 * connection. While the connection idles in the pool it has no listener, and anything it receives
 * (an unsolicited answer, a close) takes it out of service.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private UpstreamListener listener;
    private Throwable cause;
    private boolean pooledBefore;
    private long idleSince;

    static UpstreamHandler of(Channel ch) {
        return ch.pipeline().get(UpstreamHandler.class);
    }

    void attach(UpstreamListener l) {
        this.listener = l;
    }

    void detach() {
        this.listener = null;
    }

    /** Goes idle in the pool at {@code nanoTime}. */
    void enteredPool(long nanoTime) {
        pooledBefore = true;
        idleSince = nanoTime;
    }

    /** Whether the connection served an earlier exchange and idled in the pool since. */
    boolean pooledBefore() {
        return pooledBefore;
    }

    /** When the connection went idle in the pool ({@link System#nanoTime()}). */
    long idleSince() {
        return idleSince;
    }

    /** See {@link UpstreamListener#acceptsWholeResponse()}; false while the connection idles. */
    public boolean acceptsWholeResponse() {
        UpstreamListener l = listener;
        return l != null && l.acceptsWholeResponse();
    }

    /** See {@link UpstreamListener#setsStrictTransportSecurity()}. */
    public boolean setsStrictTransportSecurity() {
        UpstreamListener l = listener;
        return l != null && l.setsStrictTransportSecurity();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof WholeResponse whole) {
            l.upstreamWholeResponse(whole);
        } else if (msg instanceof HttpResponse res) {
            l.upstreamResponse(res);
            if (msg instanceof HttpContent c) {
                l.upstreamContent(c);
            }
        } else if (msg instanceof HttpContent c) {
            l.upstreamContent(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            // Acknowledge at once while an answer is coming: an app that writes its head and body
            // separately without TCP_NODELAY would otherwise wait out our delayed ACK (40 ms).
            if (ctx.channel() instanceof IoUringSocketChannel ch) {
                ch.config().setOption(IoUringChannelOption.TCP_QUICKACK, true);
            } else if (ctx.channel() instanceof EpollSocketChannel ch) {
                ch.config().setTcpQuickAck(true);
            }
            l.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            l.upstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.upstreamClosed(cause);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (cause == null) {
            cause = t;
        }
        ctx.close();
    }
}
