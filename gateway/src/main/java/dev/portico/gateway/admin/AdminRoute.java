package dev.portico.gateway.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * One part of the admin listener. Routes run on the event loop: anything slow (file I/O, a reload) is
 * done on another thread and completes the returned stage from there.
 */
public interface AdminRoute {

    /** Whether this route answers {@code path} (the request target without its query). */
    boolean matches(String path);

    /** Whether the route needs {@code Authorization: Bearer <admin.token>}. */
    boolean needsToken();

    CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path);
}
