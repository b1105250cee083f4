package dev.portico.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.gateway.app.App;
import dev.portico.gateway.app.AppState;
import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.Backend;
import dev.portico.gateway.config.Values;
import dev.portico.gateway.limit.AppLimiter;
import dev.portico.gateway.live.Recent;
import dev.portico.gateway.upstream.Endpoint;
import java.util.List;

/**
 * An app as the API shows it: {@code config} with the keys of its file (so that what GET shows can be
 * sent back with PATCH), {@code live} numbers, and its {@code endpoints} with circuit and drain state.
 */
final class AppJson {

    private AppJson() {
    }

    /** The short form for lists: name, limits and live numbers. */
    static ObjectNode summary(App app, Recent recent) {
        AppConfig c = app.config();
        ObjectNode o = ApiJson.object().put("name", c.name());
        ArrayNode domains = o.putArray("domains");
        c.domains().forEach(domains::add);
        o.put("workers", c.limits().workers()).put("queue.size", c.limits().queueSize());
        live(o.putObject("live"), app, recent, false);
        return o;
    }

    /** The whole app: config, live numbers, endpoints. */
    static ObjectNode full(App app, Recent recent) {
        ObjectNode o = ApiJson.object().put("name", app.name());
        config(o.putObject("config"), app.config());
        live(o.putObject("live"), app, recent, true);
        ArrayNode eps = o.putArray("endpoints");
        AppState s = app.stateIfStarted();
        List<Backend> backends = app.config().backends();
        for (int i = 0; i < backends.size(); i++) {
            ObjectNode e = eps.addObject().put("index", i).put("backend", backends.get(i).toString());
            Endpoint ep = s == null ? null : endpoint(s, backends.get(i));
            e.put("circuit", ep == null ? "CLOSED" : ep.circuitState().name())
                    .put("outstanding", ep == null ? 0 : ep.outstanding())
                    .put("drained", ep != null && ep.drained());
        }
        return o;
    }

    static Endpoint endpoint(AppState s, Backend b) {
        for (Endpoint e : s.endpoints().all()) {
            if (e.backend().equals(b)) {
                return e;
            }
        }
        return null;
    }

    private static void live(ObjectNode o, App app, Recent r, boolean full) {
        AppState s = app.stateIfStarted();
        AppLimiter l = s == null ? null : s.limiter();
        int inFlight = l == null ? 0 : l.inFlight();
        int queued = l == null ? 0 : l.queued();
        o.put("inFlight", inFlight).put("queued", queued)
                .put("requestsPerSecond", round(r.requestsPerSecond()))
                .put("p50Ms", round(r.p50Millis())).put("p99Ms", round(r.p99Millis()))
                .put("errorRate", round(r.errorRate()))
                .put("requestsLastMinute", r.requestsLastMinute())
                .put("errorsLastMinute", r.errorsLastMinute())
                .put("rejectedLastMinute", r.rejectedLastMinute())
                .put("status", status(inFlight, queued, r));
        ObjectNode rej = o.putObject("rejections");
        r.rejections().forEach(rej::put);
        ArrayNode spark = o.putArray("perSecond");
        for (int n : r.perSecond()) {
            spark.add(n);
        }
        if (full) {
            o.put("started", s != null);
        }
    }

    /** {@code rejecting} (refused requests in the last minute), {@code queueing}, {@code busy} or {@code idle}. */
    static String status(int inFlight, int queued, Recent r) {
        if (r.rejectedLastMinute() > 0) {
            return "rejecting";
        }
        if (queued > 0) {
            return "queueing";
        }
        return inFlight > 0 || r.requestsLastMinute() > 0 ? "busy" : "idle";
    }

    /** The app's settings under the keys of its file; auth shows user names, never password hashes. */
    static void config(ObjectNode o, AppConfig c) {
        ArrayNode domains = o.putArray("domains");
        c.domains().forEach(domains::add);
        ArrayNode backends = o.putArray("backends");
        c.backends().forEach(b -> backends.add(b.toString()));
        AppConfig.Limits l = c.limits();
        o.put("workers", l.workers()).put("queue.size", l.queueSize())
                .put("queue.timeout", Values.format(l.queueTimeout()))
                .put("queue.full.delay", Values.format(l.fullDelay()));
        if (l.rateLimited()) {
            o.put("rate", l.rate()).put("rate.burst", l.rateBurst());
        }
        o.put("timeout.connect", Values.format(c.timeouts().connect()))
                .put("timeout.response", Values.format(c.timeouts().response()))
                .put("max.body", c.maxBody())
                .put("circuit.failures", c.circuit().failures())
                .put("circuit.open", Values.format(c.circuit().openFor()));
        for (AppConfig.StaticFiles.Mapping m : c.staticFiles().mappings()) {
            o.put("static." + m.prefix(), m.folder().toString());
        }
        c.staticFiles().cache().ifPresent(d -> o.put("static.cache", Values.format(d)));
        o.put("static.index", c.staticFiles().index())
                .put("websocket.idle", Values.format(c.webSockets().idle()))
                .put("websocket.max", c.webSockets().max());
        if (c.auth().enabled()) {
            ArrayNode users = o.putArray("auth.users");
            c.auth().users().forEach(u -> users.add(u.name()));
            o.put("auth.forward", c.auth().forward()).put("auth.realm", c.auth().realm());
        }
        o.put("https.force", c.https().force());
        c.https().hsts().ifPresent(h -> o.put("hsts", h));
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
