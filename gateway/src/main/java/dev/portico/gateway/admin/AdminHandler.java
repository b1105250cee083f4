package dev.portico.gateway.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches admin requests to routes; checks the bearer token (in constant time) for routes that need
 * it. Without a configured token, token routes answer 401 to everyone.
 */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final List<AdminRoute> routes;
    private final Supplier<Optional<String>> token;

    public AdminHandler(List<AdminRoute> routes, Supplier<Optional<String>> token) {
        this.routes = routes;
        this.token = token;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        for (AdminRoute route : routes) {
            if (!route.matches(path)) {
                continue;
            }
            if (route.needsToken() && !authorized(req)) {
                FullHttpResponse res = AdminResponses.json(HttpResponseStatus.UNAUTHORIZED,
                        "{\"error\":\"send Authorization: Bearer <admin.token from gateway.properties>\"}\n");
                res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"portico\"");
                send(ctx, res, keepAlive);
                return;
            }
            req.retain();
            route.handle(req, path).whenComplete((res, err) -> ctx.executor().execute(() -> {
                req.release();
                if (err != null) {
                    log.warn("admin {} {} failed", req.method(), path, err);
                    send(ctx, AdminResponses.json(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "{\"error\":\"" + String.valueOf(err.getMessage()).replace('"', '\'') + "\"}\n"), keepAlive);
                } else {
                    send(ctx, res, keepAlive);
                }
            }));
            return;
        }
        send(ctx, AdminResponses.text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n"), keepAlive);
    }

    private boolean authorized(FullHttpRequest req) {
        Optional<String> expected = token.get();
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (expected.isEmpty() || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.get().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(res);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
