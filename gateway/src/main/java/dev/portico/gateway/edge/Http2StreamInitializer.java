package dev.portico.gateway.edge;

import dev.portico.gateway.proxy.DownstreamHandler;
import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The pipeline of one HTTP/2 stream: frames become the same {@code HttpRequest}/{@code HttpContent}
 * objects the HTTP/1.1 decoder makes, and the proxy's handler runs one exchange on them. The stream does
 * not auto-read: request DATA is taken only as fast as the app takes it, and the client's stream window
 * fills up meanwhile (WINDOW_UPDATE follows what was read). A stream starts only when its connection's
 * {@link StreamGate} lets it in.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    private final Proxy proxy;
    private final StreamGate gate;

    Http2StreamInitializer(Proxy proxy, StreamGate gate) {
        this.proxy = proxy;
        this.gate = gate;
    }

    @Override
    protected void initChannel(Http2StreamChannel ch) {
        ch.config().setAutoRead(false);
        ch.pipeline().addLast("gate", new StreamGateHandler(gate));
        ch.pipeline().addLast("codec", Http2RequestCodec.INSTANCE);
        ch.pipeline().addLast("flow", new FlowControlHandler());
        ch.pipeline().addLast("proxy", new DownstreamHandler(proxy, true, true));
    }
}
