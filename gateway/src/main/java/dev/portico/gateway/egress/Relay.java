package dev.portico.gateway.egress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/** One side of a {@link Tunnel}: hands the tunnel what this side's channel reads and what happens to it. */
final class Relay extends ChannelInboundHandlerAdapter {

    private final Tunnel tunnel;
    private final boolean clientSide;

    Relay(Tunnel tunnel, boolean clientSide) {
        this.tunnel = tunnel;
        this.clientSide = clientSide;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            tunnel.carry(clientSide, bytes);
        } else {
            ReferenceCountUtil.release(msg); // the end of the CONNECT request, left behind by HTTP decoding
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        tunnel.readComplete(clientSide);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        tunnel.writabilityChanged(clientSide);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            tunnel.inputShutdown(clientSide);
        } else if (evt instanceof IdleStateEvent) {
            tunnel.close(); // nothing moved either way for timeout.idle
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or failed write on this side; the tunnel closes the other side
    }
}
