package dev.portico.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.gateway.app.App;
import dev.portico.gateway.app.AppDirectory;
import dev.portico.gateway.upstream.Endpoint;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/apps/<app>/endpoints/<n>/drain} and {@code .../undrain}: takes endpoint {@code n}
 * (0-based, in the order of {@code backends}) out of rotation for maintenance, or back in. Requests in
 * flight on it finish; new ones go to the app's other endpoints. Draining the last endpoint that takes
 * traffic would turn every request into a 503, so it needs {@code ?force=true}.
 */
final class EndpointRoute implements AdminRoute {

    private static final Pattern PATH = Pattern.compile("/api/apps/([^/]+)/endpoints/(\\d{1,4})/(drain|undrain)");

    private final AppDirectory apps;

    EndpointRoute(AppDirectory apps) {
        this.apps = apps;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith("/api/apps/") && path.contains("/endpoints/");
    }

    @Override
    public boolean needsToken() {
        return true;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return CompletableFuture.completedFuture(answer(request, path));
    }

    private FullHttpResponse answer(FullHttpRequest request, String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return ApiJson.error(HttpResponseStatus.NOT_FOUND,
                    "expected POST /api/apps/<app>/endpoints/<n>/drain or /undrain");
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return ApiJson.methodNotAllowed("POST");
        }
        String name = QueryStringDecoder.decodeComponent(m.group(1));
        App app = apps.app(name);
        if (app == null) {
            return ApiJson.error(HttpResponseStatus.NOT_FOUND, "no app named '" + name + "'");
        }
        int n = Integer.parseInt(m.group(2));
        List<Endpoint> endpoints = app.state().endpoints().all();
        if (n >= endpoints.size()) {
            return ApiJson.error(HttpResponseStatus.NOT_FOUND, "app " + name + " has " + endpoints.size()
                    + " endpoints (expected an index from 0 to " + (endpoints.size() - 1) + ")");
        }
        Endpoint e = endpoints.get(n);
        boolean drain = m.group(3).equals("drain");
        List<String> force = new QueryStringDecoder(request.uri()).parameters().get("force");
        if (drain && !e.drained() && lastInRotation(endpoints, e) && (force == null || !force.contains("true"))) {
            return ApiJson.error(HttpResponseStatus.CONFLICT, "endpoint " + n + " (" + e.backend() + ") is the last"
                    + " of app " + name + " taking traffic; draining it answers every request 503"
                    + " (add ?force=true to drain it anyway)");
        }
        e.drain(drain);
        ObjectNode o = ApiJson.object().put("app", name).put("endpoint", n).put("backend", e.backend().toString())
                .put("drained", e.drained()).put("outstanding", e.outstanding())
                .put("circuit", e.circuitState().name());
        return ApiJson.reply(HttpResponseStatus.OK, o);
    }

    private static boolean lastInRotation(List<Endpoint> all, Endpoint e) {
        for (Endpoint other : all) {
            if (other != e && !other.drained()) {
                return false;
            }
        }
        return true;
    }
}
