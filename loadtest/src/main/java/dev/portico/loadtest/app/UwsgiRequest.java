package dev.portico.loadtest.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Map;

/** One decoded uwsgi request: its vars (REQUEST_METHOD, REQUEST_URI, HTTP_HOST, ...) and its body. */
public final class UwsgiRequest extends DefaultByteBufHolder {

    private final Map<String, String> vars;

    public UwsgiRequest(Map<String, String> vars, ByteBuf body) {
        super(body);
        this.vars = Map.copyOf(vars);
    }

    public Map<String, String> vars() {
        return vars;
    }

    public String method() {
        return vars.getOrDefault("REQUEST_METHOD", "GET");
    }

    /** REQUEST_URI, or PATH_INFO plus QUERY_STRING when the sender left it out. */
    public String uri() {
        String uri = vars.get("REQUEST_URI");
        if (uri != null) {
            return uri;
        }
        String q = vars.getOrDefault("QUERY_STRING", "");
        return vars.getOrDefault("PATH_INFO", "/") + (q.isEmpty() ? "" : "?" + q);
    }
}
