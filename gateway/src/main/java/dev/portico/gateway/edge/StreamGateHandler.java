package dev.portico.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Holds back an HTTP/2 stream's activation until its connection's {@link StreamGate} lets it in. The
 * proxy's handler starts reading a stream when it becomes active, so a stream held here has its request
 * parked in the stream channel, unread, at no cost to the app's queue.
 */
final class StreamGateHandler extends ChannelInboundHandlerAdapter {

    private final StreamGate gate;
    private final Runnable enter;
    private ChannelHandlerContext ctx;
    private boolean inside;

    StreamGateHandler(StreamGate gate) {
        this.gate = gate;
        this.enter = this::entered;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (gate.enterOrWait(enter)) {
            entered();
        }
    }

    private void entered() {
        inside = true;
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inside) {
            inside = false;
            gate.leave();
        } else {
            gate.cancel(enter);
        }
        ctx.fireChannelInactive();
    }
}
