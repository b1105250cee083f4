package dev.portico.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.gateway.app.App;
import dev.portico.gateway.app.AppDirectory;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.Reloads;
import dev.portico.gateway.live.LiveStats;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code GET /api/apps} (one page of apps: {@code ?sort=name|load|errors&q=&active=true&offset=&limit=}),
 * {@code GET /api/apps/<app>} and {@code PATCH /api/apps/<app>}. Work is done on the API's own thread:
 * ranking 100,000 apps or writing a file never happens on an event loop.
 */
final class AppsRoute implements AdminRoute {

    private static final String PREFIX = "/api/apps";
    private static final int MAX_LIMIT = 10_000;

    private final AppDirectory apps;
    private final Supplier<ConfigSnapshot> config;
    private final LiveStats live;
    private final Reloads reloads;
    private final Executor executor;

    AppsRoute(AppDirectory apps, Supplier<ConfigSnapshot> config, LiveStats live, Reloads reloads, Executor executor) {
        this.apps = apps;
        this.config = config;
        this.live = live;
        this.reloads = reloads;
        this.executor = executor;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/") && path.indexOf('/', PREFIX.length() + 1) < 0;
    }

    @Override
    public boolean needsToken() {
        return true;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        HttpMethod m = request.method();
        if (path.equals(PREFIX)) {
            if (!m.equals(HttpMethod.GET)) {
                return done(ApiJson.methodNotAllowed("GET"));
            }
            return CompletableFuture.supplyAsync(() -> list(request.uri()), executor);
        }
        String name = QueryStringDecoder.decodeComponent(path.substring(PREFIX.length() + 1));
        if (m.equals(HttpMethod.GET)) {
            return CompletableFuture.supplyAsync(() -> show(name), executor);
        }
        if (m.equals(HttpMethod.PATCH)) {
            return CompletableFuture.supplyAsync(() -> patch(name, request), executor);
        }
        return done(ApiJson.methodNotAllowed("GET, PATCH"));
    }

    private FullHttpResponse list(String uri) {
        Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
        String sort = param(q, "sort", "name");
        if (!List.of("name", "load", "errors").contains(sort)) {
            return ApiJson.error(HttpResponseStatus.BAD_REQUEST, "sort=" + sort + " (expected name, load or errors)");
        }
        int offset;
        int limit;
        try {
            offset = Math.max(0, Integer.parseInt(param(q, "offset", "0")));
            limit = Math.min(MAX_LIMIT, Math.max(1, Integer.parseInt(param(q, "limit", "1000"))));
        } catch (NumberFormatException e) {
            return ApiJson.error(HttpResponseStatus.BAD_REQUEST, "offset and limit are whole numbers");
        }
        AppList.Page page = AppList.of(config.get().apps().keySet(), apps, live, sort, param(q, "q", ""),
                "true".equals(param(q, "active", "false")), offset, limit);
        ObjectNode o = ApiJson.object().put("total", page.total()).put("offset", offset).put("limit", limit)
                .put("sort", sort);
        ArrayNode list = o.putArray("apps");
        for (AppList.Row r : page.rows()) {
            list.add(AppJson.summary(r.app(), r.recent()));
        }
        return ApiJson.reply(HttpResponseStatus.OK, o);
    }

    private FullHttpResponse show(String name) {
        App app = apps.app(name);
        if (app == null) {
            return ApiJson.error(HttpResponseStatus.NOT_FOUND, "no app named '" + name + "'");
        }
        return ApiJson.reply(HttpResponseStatus.OK, AppJson.full(app, live.recent(name)));
    }

    private FullHttpResponse patch(String name, FullHttpRequest request) {
        JsonNode body;
        try {
            body = ApiJson.MAPPER.readTree(new ByteBufInputStream(request.content().duplicate()));
        } catch (JsonProcessingException e) {
            return ApiJson.error(HttpResponseStatus.BAD_REQUEST, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return ApiJson.error(HttpResponseStatus.BAD_REQUEST, "the body cannot be read: " + e.getMessage());
        }
        AppPatch.Result result;
        try {
            result = AppPatch.apply(name, body, config.get(), reloads);
        } catch (IOException e) {
            return ApiJson.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "apps/" + name + ".properties: " + e);
        }
        if (result instanceof AppPatch.Result.Unknown) {
            return ApiJson.error(HttpResponseStatus.NOT_FOUND, "no app named '" + name + "' (expected a file apps/"
                    + name + ".properties)");
        }
        if (result instanceof AppPatch.Result.Invalid i) {
            return ApiJson.error(HttpResponseStatus.BAD_REQUEST, i.message(), i.problems());
        }
        if (result instanceof AppPatch.Result.Refused r) {
            return ApiJson.error(HttpResponseStatus.CONFLICT, "the change is valid, but the config folder as a whole "
                    + "does not reload; apps/" + name + ".properties was left as it was", r.problems());
        }
        return show(name);
    }

    private static String param(Map<String, List<String>> q, String name, String fallback) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse res) {
        return CompletableFuture.completedFuture(res);
    }
}
