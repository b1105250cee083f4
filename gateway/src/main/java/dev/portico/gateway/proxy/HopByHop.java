package dev.portico.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Removes the headers that describe one connection and must not travel past a proxy (RFC 9110 7.6.1). */
final class HopByHop {

    private static final HeaderScan REQUEST_HOPS = HeaderScan.of(HttpHeaderNames.TE, HttpHeaderNames.EXPECT,
        HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.PROXY_CONNECTION);
    private static final HeaderScan RESPONSE_HOPS = HeaderScan.of(HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.UPGRADE, HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.PROXY_CONNECTION);

    private HopByHop() {
    }

    /** Strips a request's hop-by-hop headers; {@code Transfer-Encoding} stays, the body framing needs it. */
    static void stripRequest(HttpHeaders h) {
        if (!hasAny(h, true)) {
            return;
        }
        stripListed(h);
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(HttpHeaderNames.PROXY_CONNECTION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
        h.remove(HttpHeaderNames.UPGRADE);
        h.remove(HttpHeaderNames.EXPECT);
    }

    /**
     * Strips a WebSocket handshake's hop-by-hop headers but keeps the request to switch protocols, which
     * the app must see: {@code Upgrade} and {@code Connection: upgrade}.
     */
    static void stripUpgradeRequest(HttpHeaders h) {
        String upgrade = h.get(HttpHeaderNames.UPGRADE);
        stripRequest(h);
        h.set(HttpHeaderNames.UPGRADE, upgrade);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }

    /** Strips a response's hop-by-hop headers; the caller decides the downstream framing. */
    static void stripResponse(HttpHeaders h) {
        if (!hasAny(h, false)) {
            return;
        }
        stripListed(h);
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(HttpHeaderNames.PROXY_CONNECTION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
        h.remove(HttpHeaderNames.UPGRADE);
    }

    /**
     * Whether any header is one that is stripped: one pass over the names, so that a message without
     * them (most responses have only {@code Connection}, many requests none) costs no lookups by name.
     */
    private static boolean hasAny(HttpHeaders h, boolean request) {
        return (request ? REQUEST_HOPS : RESPONSE_HOPS).present(h) != 0;
    }

    /** Removes {@code Connection} and every header it names. */
    private static void stripListed(HttpHeaders h) {
        List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
        if (connection.isEmpty()) {
            return;
        }
        for (String value : connection) {
            // token by token without split: a one-token value (the usual keep-alive or close) is the
            // string itself, so it costs no array and no substring
            for (int from = 0, comma; from <= value.length(); from = comma + 1) {
                comma = value.indexOf(',', from);
                if (comma < 0) {
                    comma = value.length();
                }
                String name = value.substring(from, comma).trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive")
                        && !name.equalsIgnoreCase("transfer-encoding")) {
                    h.remove(name);
                }
            }
        }
        h.remove(HttpHeaderNames.CONNECTION);
    }
}
