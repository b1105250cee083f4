package dev.portico.gateway.admin;

import dev.portico.gateway.metrics.Metrics;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (the process answers), {@code /readyz} (it takes traffic), {@code /metrics}. */
public final class HealthRoutes implements AdminRoute {

    private final Metrics metrics;
    private final BooleanSupplier ready;

    public HealthRoutes(Metrics metrics, BooleanSupplier ready) {
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return CompletableFuture.completedFuture(switch (path) {
            case "/healthz" -> AdminResponses.text(HttpResponseStatus.OK, "ok\n");
            case "/readyz" -> ready.getAsBoolean()
                    ? AdminResponses.text(HttpResponseStatus.OK, "ready\n")
                    : AdminResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
            default -> metricsText();
        });
    }

    private FullHttpResponse metricsText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            metrics.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AdminResponses.of(HttpResponseStatus.OK, metrics.contentType(), out.toByteArray());
    }
}
