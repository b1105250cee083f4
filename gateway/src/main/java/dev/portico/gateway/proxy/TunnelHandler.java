package dev.portico.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of a {@link WebSocketTunnel}: bytes read from its channel are written to the other side.
 * Backpressure as in Netty's proxy example, with both channels not auto-reading: after a read the other
 * side is flushed, and the next read is asked for only while the other side is writable; when it becomes
 * writable again, its handler asks this side to read ({@link #peerWritable}). Both sides run on one event
 * loop, so none of the fields needs more than plain access.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

    private final WebSocketTunnel tunnel;
    private final Channel peer;
    private TunnelHandler peerHandler;
    private ChannelHandlerContext ctx;
    private List<ByteBuf> early = new ArrayList<>(2); // bytes that came while the pipelines were changed
    private boolean started;
    private boolean waitingForPeer;

    TunnelHandler(WebSocketTunnel tunnel, Channel peer) {
        this.tunnel = tunnel;
        this.peer = peer;
    }

    void pairWith(TunnelHandler other) {
        this.peerHandler = other;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends what arrived during the switch, then reads on. */
    void start() {
        started = true;
        List<ByteBuf> pending = early;
        early = null;
        for (ByteBuf b : pending) {
            peer.write(b, peer.voidPromise());
        }
        if (!pending.isEmpty()) {
            peer.flush();
        }
        readIfPeerWritable();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || tunnel.closed()) {
            ReferenceCountUtil.release(msg); // left over from the HTTP codecs: nothing to carry
            return;
        }
        tunnel.active();
        if (!started) {
            early.add(buf);
            return;
        }
        peer.write(buf, peer.voidPromise()); // a failed write closes the peer, through its exceptionCaught
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!started || tunnel.closed()) {
            return;
        }
        peer.flush();
        readIfPeerWritable();
    }

    private void readIfPeerWritable() {
        if (peer.isWritable()) {
            ctx.read();
        } else {
            waitingForPeer = true;
        }
    }

    /** The other side can take more: read again if this side stopped for it. */
    void peerWritable() {
        if (waitingForPeer && started && !tunnel.closed()) {
            waitingForPeer = false;
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peerHandler != null) {
            peerHandler.peerWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        tunnel.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (early != null) {
            early.forEach(ByteBuf::release);
            early.clear();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // an I/O error on this side; channelInactive closes the other
    }
}
