package dev.portico.gateway.egress;

import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.edge.ConnectionLimitHandler;
import dev.portico.gateway.edge.ConnectionLimiter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The egress listener's pipeline: the gateway's connection cap, HTTP/1.1 decoding that stops at a
 * CONNECT head, one message per read, and the proxy. A CONNECT that is let through replaces all of it
 * with a {@link Relay}. The channel does not auto-read.
 */
public final class EgressInitializer extends ChannelInitializer<Channel> {

    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String FLOW = "flow";
    static final String HANDLER = "egress";

    private final Egress egress;
    private final ConnectionLimiter connections;

    public EgressInitializer(Egress egress, ConnectionLimiter connections) {
        this.egress = egress;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        GatewayConfig.HttpLimits limits = egress.gateway().http();
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", new ConnectionLimitHandler(connections, false));
        p.addLast(DECODER, new EgressDecoder(new HttpDecoderConfig().setMaxInitialLineLength(limits.maxUri())
                .setMaxHeaderSize(limits.maxHeader()).setMaxChunkSize(64 * 1024)));
        p.addLast(ENCODER, new HttpResponseEncoder());
        p.addLast(FLOW, new FlowControlHandler());
        p.addLast(HANDLER, new EgressHandler(egress));
    }
}
