package dev.portico.gateway.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The admin listener's pipeline: small whole requests (1 MiB at most), one handler. */
public final class AdminInitializer extends ChannelInitializer<Channel> {

    private final List<AdminRoute> routes;
    private final Supplier<Optional<String>> token;

    public AdminInitializer(List<AdminRoute> routes, Supplier<Optional<String>> token) {
        this.routes = List.copyOf(routes);
        this.token = token;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.config().setAutoRead(true);
        ch.pipeline().addLast(new HttpServerCodec(),
                new HttpObjectAggregator(1024 * 1024), new AdminHandler(routes, token));
    }
}
