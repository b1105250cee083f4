package dev.portico.gateway.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a plain-HTTP upstream connection: hands what it decodes to the {@link Forward}
 * using the connection. While the connection is kept between requests it has none, and anything that
 * arrives then (an unasked answer, a close) ends the connection.
 */
final class UpstreamLink extends ChannelInboundHandlerAdapter {

    /** What a forward hears from its upstream connection. */
    interface Listener {
        void upstreamResponse(HttpResponse res);

        void upstreamContent(HttpContent content);

        void upstreamReadComplete();

        void upstreamWritable();

        void upstreamClosed(Throwable cause);
    }

    private Listener listener;
    private Throwable cause;

    static UpstreamLink of(Channel ch) {
        return ch.pipeline().get(UpstreamLink.class);
    }

    void attach(Listener l) {
        listener = l;
    }

    void detach() {
        listener = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Listener l = listener;
        if (l == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse res) {
            l.upstreamResponse(res);
        }
        if (msg instanceof HttpContent c) {
            l.upstreamContent(c);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Listener l = listener;
        if (l != null) {
            l.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Listener l = listener;
        if (l != null) {
            l.upstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Listener l = listener;
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
