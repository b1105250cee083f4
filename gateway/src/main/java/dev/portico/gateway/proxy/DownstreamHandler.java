package dev.portico.gateway.proxy;

import dev.portico.gateway.edge.RequestDecoder;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's handler on a downstream connection (HTTP/1.1) or stream (HTTP/2): one {@link Exchange}
 * at a time. The channel does not auto-read; a flow-control handler in front delivers one message per
 * read, so that pipelined requests wait their turn and request bodies move only as fast as the app
 * takes them.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter {

    /** During shutdown, how long a connection that has not sent a request yet may take to start one. */
    static final Duration FIRST_REQUEST_WAIT = Duration.ofSeconds(1);

    private final Proxy proxy;
    private final boolean secure;
    private final boolean multiplexed;
    private ChannelHandlerContext ctx;
    private RequestDecoder decoder;
    private Visitor visitor;
    private Exchange current;
    private ResponseTimer responseTimer;
    private boolean discarding;
    private boolean readWanted;
    /** Whether a request came on this connection, so that it counts as an idle keep-alive one in between. */
    private boolean served;
    /** Counted in {@link Proxy#firstRequestsAwaited()}: shutdown began before the first request came. */
    private boolean awaitedAtDrain;

    /**
     * @param secure      whether the visitor came over TLS
     * @param multiplexed whether the channel is one HTTP/2 stream (one request, no keep-alive)
     */
    public DownstreamHandler(Proxy proxy, boolean secure, boolean multiplexed) {
        this.proxy = proxy;
        this.secure = secure;
        this.multiplexed = multiplexed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.decoder = ctx.pipeline().get(RequestDecoder.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        visitor = Visitor.of(ctx.channel(), secure, proxy.gateway().trustedProxies());
        awaitRequest();
        ctx.fireChannelActive();
    }

    /**
     * Asks for the next message. Netty may satisfy a read with a read-complete and no message (the flow
     * control handler ends a read cycle that way); the wish then stands and is renewed there.
     */
    void read() {
        readWanted = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readWanted) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readWanted = false;
        if (msg instanceof HttpRequest req) {
            if (current != null || discarding) {
                ReferenceCountUtil.release(msg); // cannot happen while reads are paced; refuse to guess
                ctx.close();
                return;
            }
            served = true;
            stopAwaiting();
            HttpRequest head = req;
            HttpContent body = null;
            if (msg instanceof FullHttpRequest full) {
                head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
                head.setDecoderResult(full.decoderResult());
                body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
            }
            if (visitor == null) {
                visitor = Visitor.of(ctx.channel(), secure, proxy.gateway().trustedProxies());
            }
            current = new Exchange(proxy, this, ctx, head, body, visitor, multiplexed);
            current.start();
        } else if (msg instanceof HttpContent c) {
            if (current != null) {
                current.requestContent(c);
            } else if (discarding) {
                boolean last = c instanceof LastHttpContent;
                c.release();
                if (last) {
                    discarding = false;
                    awaitRequest();
                } else {
                    read();
                }
            } else {
                c.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * The exchange is over. Keep the connection for the next request once {@code written} is out, after
     * reading away a small unread request body, or close it.
     */
    void exchangeDone(Exchange ex, ChannelFuture written, boolean keepAlive, boolean requestComplete,
                      boolean bodyDiscardable) {
        if (current != ex) {
            return;
        }
        current = null;
        if (multiplexed) {
            if (!requestComplete) {
                // The answer came before the whole request body: reset the stream once the answer is out,
                // rather than leave the client's DATA to fill the stream's window.
                written.addListener(ChannelFutureListener.CLOSE);
            }
            return; // the stream ends with its response; the connection's other streams go on
        }
        if (!keepAlive || proxy.draining() || !requestComplete && !bodyDiscardable) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else if (!requestComplete) {
            discarding = true;
            read();
        } else {
            awaitRequest();
        }
    }

    private void awaitRequest() {
        if (decoder != null) {
            decoder.awaitRequest();
        }
        read();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.downstreamWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The connection's response timer, made on first use. */
    ResponseTimer responseTimer(ChannelHandlerContext ctx) {
        if (responseTimer == null) {
            responseTimer = new ResponseTimer(ctx.executor());
        }
        return responseTimer;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopAwaiting();
        Exchange ex = current;
        if (ex != null) {
            ex.downstreamClosed();
        }
        if (responseTimer != null) {
            responseTimer.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == Proxy.DRAIN && current == null && !discarding && !multiplexed) {
            if (served) {
                ctx.close(); // an idle keep-alive connection: nothing is lost by closing it now
            } else if (!awaitedAtDrain && ctx.channel().isActive()) {
                // accepted just before shutdown: its request may be in the socket, unread; closing now
                // would reset it. It is answered with Connection: close, or closed if nothing comes.
                awaitedAtDrain = true;
                proxy.firstRequestAwaited(1);
                ctx.executor().schedule(() -> {
                    if (!served) {
                        ctx.close();
                    }
                }, FIRST_REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void stopAwaiting() {
        if (awaitedAtDrain) {
            awaitedAtDrain = false;
            proxy.firstRequestAwaited(-1);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // an I/O error on the visitor's connection; channelInactive cleans up
    }
}
