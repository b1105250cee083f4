package dev.portico.gateway.egress;

import dev.portico.gateway.config.EgressConfig;
import dev.portico.gateway.failure.Failure;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A CONNECT tunnel: cleared by the {@link Checkpoint}, connected to a checked address, then the client's
 * connection is handed over whole: HTTP leaves its pipeline, {@code 200 Connection established} goes
 * out, and from then on bytes flow both ways through two {@link Relay}s. Each side reads only while the
 * other can take more (backpressure by writability); a half-close is passed on; the tunnel closes when
 * both directions ended, either side closed, or nothing moved for {@code timeout.idle}. Both channels
 * live on the client's event loop, so none of this needs a lock.
 */
final class Tunnel implements Exchange {

    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Egress egress;
    private final EgressHandler handler;
    private final ChannelHandlerContext ctx;
    private final Ask ask;
    private final long startNanos = System.nanoTime();

    private Clearance.Cleared cleared;
    private EgressConfig.Timeouts timeouts; // of the policy that cleared the tunnel; a reload does not change them
    private Channel downstream;
    private Channel upstream;
    private String connectedTo;
    private boolean abandoned;
    private boolean clientPaused;
    private boolean serverPaused;
    private boolean clientInputDone;
    private boolean serverInputDone;
    private int openChannels = 2;
    private long bytesUp;
    private long bytesDown;

    Tunnel(Egress egress, EgressHandler handler, ChannelHandlerContext ctx, Ask ask) {
        this.egress = egress;
        this.handler = handler;
        this.ctx = ctx;
        this.ask = ask;
    }

    @Override
    public void start() {
        Checkpoint.clear(egress, ctx.channel().eventLoop(), ask, this::decided);
    }

    private void decided(Clearance c) {
        if (c instanceof Clearance.Refused r) {
            if (!abandoned) {
                handler.refuse(this, r, false); // bytes may follow a CONNECT head: start afresh
            }
            return;
        }
        cleared = (Clearance.Cleared) c;
        if (abandoned) {
            end(AuditRecord.FAILED, "client_closed", 499);
            return;
        }
        timeouts = egress.policy().config().policy().timeouts();
        Bootstrap b = Dialer.bootstrap(egress.transport(), new Relay(this, false))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
        Future<Channel> f = Dialer.dial(b, ctx.channel().eventLoop(), cleared.addresses(), ask.target().port(),
                timeouts.connect());
        f.addListener(x -> connected(f));
    }

    private void connected(Future<Channel> f) {
        if (abandoned) {
            if (f.isSuccess()) {
                f.getNow().close();
            }
            end(AuditRecord.FAILED, "client_closed", 499);
            return;
        }
        if (!f.isSuccess()) {
            boolean timeout = f.cause() instanceof ConnectTimeoutException;
            Failure failure = timeout ? Failure.EGRESS_TIMEOUT : Failure.EGRESS_CONNECT;
            end(AuditRecord.FAILED, timeout ? "connect_timeout" : "connect", failure.status().code());
            handler.refuse(this, new Clearance.Refused(failure, "Destination: " + ask.target() + "\n"
                    + (timeout ? "No connection within " + timeouts.connect().toMillis() + " ms."
                    : "Connecting failed: " + f.cause().getMessage()), 0), false);
            return;
        }
        upstream = f.getNow();
        connectedTo = ((InetSocketAddress) upstream.remoteAddress()).getAddress().getHostAddress();
        splice();
    }

    /** Hands the client's connection over to the tunnel: HTTP out, relay in, leftover bytes on their way. */
    private void splice() {
        downstream = ctx.channel();
        handler.spliced(this);
        downstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        long idle = timeouts.idle().toNanos();
        ChannelPipeline p = downstream.pipeline();
        p.addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.NANOSECONDS));
        p.addLast("relay", new Relay(this, true));
        p.remove(EgressInitializer.HANDLER);
        p.remove(EgressInitializer.FLOW);
        p.remove(EgressInitializer.ENCODER);
        downstream.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
        p.remove(EgressInitializer.DECODER); // bytes sent after the CONNECT head now go up the tunnel
        downstream.closeFuture().addListener(x -> closed());
        upstream.closeFuture().addListener(x -> closed());
        downstream.read();
        upstream.read();
    }

    /** Bytes read on one side, written (not yet flushed) to the other. */
    void carry(boolean fromClient, ByteBuf bytes) {
        if (fromClient) {
            bytesUp += bytes.readableBytes();
            upstream.write(bytes, upstream.voidPromise());
        } else {
            bytesDown += bytes.readableBytes();
            downstream.write(bytes, downstream.voidPromise());
        }
    }

    /** A read on one side ended: flush to the other, and read on only while the other can take more. */
    void readComplete(boolean fromClient) {
        Channel to = fromClient ? upstream : downstream;
        to.flush();
        if (to.isWritable()) {
            (fromClient ? downstream : upstream).read();
        } else if (fromClient) {
            clientPaused = true;
        } else {
            serverPaused = true;
        }
    }

    /** The writability of one side changed: resume reading the other side when this one drained. */
    void writabilityChanged(boolean clientSide) {
        if (downstream == null) {
            return; // nothing is written before the tunnel opens
        }
        if (clientSide && downstream.isWritable() && serverPaused) {
            serverPaused = false;
            upstream.read();
        } else if (!clientSide && upstream.isWritable() && clientPaused) {
            clientPaused = false;
            downstream.read();
        }
    }

    /** One side will send no more: pass the half-close on once what it sent is out; both ended, close. */
    void inputShutdown(boolean fromClient) {
        if (fromClient) {
            clientInputDone = true;
        } else {
            serverInputDone = true;
        }
        if (clientInputDone && serverInputDone) {
            close();
            return;
        }
        Channel to = fromClient ? upstream : downstream;
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (to instanceof DuplexChannel d && to.isActive()) {
                d.shutdownOutput();
            }
        });
    }

    /** Closes both sides once what was written to them is out. */
    void close() {
        flushAndClose(downstream);
        flushAndClose(upstream);
    }

    private static void flushAndClose(Channel ch) {
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closed() {
        close();
        if (--openChannels == 0) {
            Verdict v = cleared.verdict();
            end(v.wouldDeny() ? AuditRecord.WOULD_DENY : AuditRecord.ALLOWED,
                    v.wouldDeny() ? v.reason().label() : null, 200);
        }
    }

    private void end(String decision, String reason, int status) {
        cleared.slot().release();
        String address = connectedTo != null ? connectedTo : cleared.addresses().get(0).getHostAddress();
        Caller caller = cleared.caller();
        egress.audit().record(new AuditRecord(ask.client(), caller.account(), caller.tier().label(), ask.method(),
                ask.target().hostText(), ask.target().port(), address, decision, reason, status, bytesUp, bytesDown,
                System.nanoTime() - startNanos));
    }

    @Override
    public void requestContent(HttpContent content) {
        content.release(); // a CONNECT head comes alone; what follows it is tunnel data, not HTTP
    }

    @Override
    public void downstreamWritable() {
        // nothing is written to the client before the tunnel opens
    }

    @Override
    public void downstreamClosed() {
        abandoned = true;
    }
}
