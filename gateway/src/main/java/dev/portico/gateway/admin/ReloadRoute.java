package dev.portico.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.gateway.config.ConfigChange;
import dev.portico.gateway.config.ReloadOutcome;
import dev.portico.gateway.config.Reloads;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code POST /api/reload}: reloads the config folder now and answers what changed (200), or why the
 * folder was refused (422, with every {@code file:key: problem}; the last good config keeps serving).
 */
final class ReloadRoute implements AdminRoute {

    private final Reloads reloads;
    private final Executor executor;

    ReloadRoute(Reloads reloads, Executor executor) {
        this.reloads = reloads;
        this.executor = executor;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/api/reload");
    }

    @Override
    public boolean needsToken() {
        return true;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        if (!request.method().equals(HttpMethod.POST)) {
            return CompletableFuture.completedFuture(ApiJson.methodNotAllowed("POST"));
        }
        return CompletableFuture.supplyAsync(() -> answer(reloads.reload("api")), executor);
    }

    static FullHttpResponse answer(ReloadOutcome outcome) {
        if (outcome instanceof ReloadOutcome.Refused r) {
            ObjectNode o = ApiJson.object().put("result", "refused")
                    .put("error", "the config folder does not validate; the last good config keeps serving");
            ArrayNode problems = o.putArray("problems");
            r.problems().forEach(p -> problems.add(p.toString()));
            return ApiJson.reply(HttpResponseStatus.UNPROCESSABLE_ENTITY, o);
        }
        ReloadOutcome.Applied a = (ReloadOutcome.Applied) outcome;
        ConfigChange c = a.change();
        ObjectNode o = ApiJson.object().put("result", "applied").put("millis", a.millis());
        names(o.putArray("added"), c.added());
        names(o.putArray("changed"), c.changed());
        names(o.putArray("removed"), c.removed());
        o.put("gatewayChanged", c.gateway());
        return ApiJson.reply(HttpResponseStatus.OK, o);
    }

    private static void names(ArrayNode a, List<String> names) {
        names.forEach(a::add);
    }
}
