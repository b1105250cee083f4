package dev.portico.loadtest.gen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One generator connection: becomes ready when connected (after the tunnel and the TLS handshake, when
 * there are), sends one request at a time, and reports each answer, or why it ended, to its
 * {@link LoopDriver}. Lives on the driver's event loop.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    private final LoopDriver driver;
    private final boolean tunnel;
    private SslHandler pendingTls;
    private Channel channel;
    private boolean ready;
    private boolean busy;
    private boolean closed;
    private long intended;
    private long sent;
    private int status;
    private long bodyBytes;
    private boolean closeAfter;
    private String failure;
    /** For a new connection per request: the intended time of the request it was opened for, or -1. */
    long assigned = -1;

    ClientConnection(LoopDriver driver, boolean tunnel) {
        this.driver = driver;
        this.tunnel = tunnel;
    }

    /** TLS to start once the tunnel is open (null: plain HTTP inside the tunnel). */
    void tlsAfterTunnel(SslHandler ssl) {
        pendingTls = ssl;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!tunnel && ctx.pipeline().get(SslHandler.class) == null) {
            becomeReady();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                becomeReady();
            } else {
                fail("tls");
            }
        } else if (evt == ConnectTunnelHandler.ESTABLISHED) {
            if (pendingTls != null) {
                SslHandler tls = pendingTls;
                pendingTls = null;
                ctx.pipeline().addFirst("tls", tls); // the handshake starts now, inside the tunnel
            } else {
                becomeReady();
            }
        } else if (evt instanceof ConnectTunnelHandler.Refused r) {
            fail("proxy_" + r.status());
        }
    }

    private void becomeReady() {
        if (!ready && !closed) {
            ready = true;
            driver.ready(this);
        }
    }

    private void fail(String kind) {
        failure = kind;
        channel.close();
    }

    /** Writes one request; {@code intendedNanos} is when it was due, for the latency. */
    void send(long intendedNanos, ByteBuf request) {
        busy = true;
        intended = intendedNanos;
        status = 0;
        bodyBytes = 0;
        closeAfter = false;
        sent = System.nanoTime();
        channel.writeAndFlush(request, channel.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!busy) {
                return; // nothing was asked: an unsolicited answer is dropped
            }
            if (msg instanceof HttpResponse res) {
                if (res.decoderResult().isFailure()) {
                    failure = "bad_response";
                    ctx.close();
                    return;
                }
                status = res.status().code();
                closeAfter = !HttpUtil.isKeepAlive(res);
            }
            if (msg instanceof HttpContent c) {
                bodyBytes += c.content().readableBytes();
                if (c instanceof LastHttpContent && status >= 200) {
                    busy = false;
                    driver.answered(this, status, intended, sent, System.nanoTime(), bodyBytes, closeAfter);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The channel closed (also after a failed connect, which never made it active). */
    void closedNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (pendingTls != null) {
            ReferenceCountUtil.release(pendingTls.engine()); // never added: its engine is ours to free
            pendingTls = null;
        }
        String why = failure != null ? failure : ready ? "reset" : "connect";
        driver.closed(this, busy, ready, why);
        busy = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null && !ready && cause.getClass().getName().contains("Ssl")) {
            failure = "tls";
        }
        ctx.close();
    }

    /** Gives up on the request in flight: counted by the caller, then the connection closes quietly. */
    void abandon() {
        busy = false;
        channel.close();
    }

    void close() {
        channel.close();
    }

    boolean isBusy() {
        return busy;
    }

    boolean isReady() {
        return ready && !closed;
    }

    long sentAt() {
        return sent;
    }

    long intendedAt() {
        return intended;
    }

    Channel channel() {
        return channel;
    }
}
