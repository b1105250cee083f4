package dev.portico.gateway.proxy;

import dev.portico.gateway.auth.BasicAuthGate;
import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.failure.Failure;
import dev.portico.gateway.failure.FailureResponse;
import dev.portico.gateway.staticfiles.StaticFiles;
import dev.portico.gateway.staticfiles.StaticReply;
import dev.portico.gateway.staticfiles.StaticRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.EventExecutor;

/**
 * What a request meets after its app is found and before the app's admission: the app's basic auth, then
 * its static mappings. Either answers the request itself, through {@link Exchange#answerLocally}, or lets
 * it on to the app through {@link Exchange#forward}. One per gateway.
 */
final class AppFront {

    private final BasicAuthGate auth = new BasicAuthGate();
    private final StaticFiles files = new StaticFiles();

    /**
     * True when the front took the request: it answers, or calls {@link Exchange#forward} once the visitor
     * passed a check that had to run off the event loop. False: forward at once.
     */
    boolean takes(Exchange ex, AppConfig config) {
        AppConfig.BasicAuth policy = config.auth();
        if (!policy.enabled()) {
            return staticFile(ex, config);
        }
        BasicAuthGate.Verdict v = auth.check(policy, ex.request().headers().get(HttpHeaderNames.AUTHORIZATION));
        if (v instanceof BasicAuthGate.Verdict.Pending p) {
            EventExecutor loop = ex.ctx().executor();
            p.result().whenComplete((ok, error) -> loop.execute(() -> {
                if (Boolean.TRUE.equals(ok)) {
                    if (!passed(ex, config)) {
                        ex.forward();
                    }
                } else {
                    challenge(ex, policy);
                }
            }));
            return true;
        }
        if (v == BasicAuthGate.PASSED) {
            return passed(ex, config);
        }
        if (v == BasicAuthGate.BUSY) {
            answer(ex, render(ex, Failure.AUTH_BUSY), Failure.AUTH_BUSY);
        } else {
            challenge(ex, policy);
        }
        return true;
    }

    private boolean passed(Exchange ex, AppConfig config) {
        if (!config.auth().forward()) {
            ex.request().headers().remove(HttpHeaderNames.AUTHORIZATION); // the app's users never see the password
        }
        return staticFile(ex, config);
    }

    private void challenge(Exchange ex, AppConfig.BasicAuth policy) {
        FullHttpResponse res = render(ex, Failure.AUTH_REQUIRED);
        res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, BasicAuthGate.challenge(policy.realm()));
        answer(ex, res, Failure.AUTH_REQUIRED);
    }

    private boolean staticFile(Exchange ex, AppConfig config) {
        StaticRoute.Match m = StaticRoute.match(config.staticFiles(), ex.request().uri());
        if (m == null) {
            return false;
        }
        ChannelHandlerContext ctx = ex.ctx();
        // sendfile only where the bytes go to the socket as they are: not through TLS, not into HTTP/2 frames
        boolean zeroCopy = ctx.channel().parent() == null && ctx.pipeline().get(SslHandler.class) == null;
        files.serve(ex.request(), config.staticFiles(), m, ctx.channel(), zeroCopy, r -> write(ex, r));
        return true;
    }

    private static void write(Exchange ex, StaticReply reply) {
        if (reply.chunked()) {
            ChannelPipeline p = ex.ctx().pipeline();
            if (p.get(ChunkedWriteHandler.class) == null) {
                p.addBefore(ex.ctx().name(), "chunked-write", new ChunkedWriteHandler());
            }
        }
        if (!ex.answerLocally(reply.head(), reply.bodyBytes(), reply.failure(), reply.body())) {
            reply.release();
        }
    }

    private static void answer(Exchange ex, FullHttpResponse res, Failure f) {
        if (!ex.answerLocally(res, 0, f)) {
            res.release();
        }
    }

    private static FullHttpResponse render(Exchange ex, Failure f) {
        return FailureResponse.render(ex.ctx().alloc(), f, null, FailureResponse.wantsJson(ex.request().headers()),
                f.retryable() ? 1 : 0);
    }
}
