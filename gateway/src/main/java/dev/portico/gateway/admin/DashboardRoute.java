package dev.portico.gateway.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /}: the dashboard, one self-contained page (HTML, CSS and script in one resource, no build
 * step). It reads the API with the token the operator types in, kept in the tab's sessionStorage.
 */
final class DashboardRoute implements AdminRoute {

    private final byte[] page;

    DashboardRoute() {
        try (InputStream in = DashboardRoute.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html missing from the jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/") || path.equals("/dashboard");
    }

    @Override
    public boolean needsToken() {
        return false; // the page holds no data; its API calls carry the token
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        FullHttpResponse res = AdminResponses.of(HttpResponseStatus.OK, "text/html; charset=utf-8", page);
        res.headers().set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-ancestors 'none'");
        res.headers().set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
        return CompletableFuture.completedFuture(res);
    }
}
