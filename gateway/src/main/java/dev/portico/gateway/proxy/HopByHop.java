package dev.portico.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Removes the headers that describe one connection and must not travel past a proxy (RFC 9110 7.6.1). */
final class HopByHop {

    private HopByHop() {
    }

    /** Strips a request's hop-by-hop headers; {@code Transfer-Encoding} stays, the body framing needs it. */
    static void stripRequest(HttpHeaders h) {
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
        stripListed(h);
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(HttpHeaderNames.PROXY_CONNECTION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
        h.remove(HttpHeaderNames.UPGRADE);
    }

    /** Removes {@code Connection} and every header it names. */
    private static void stripListed(HttpHeaders h) {
        List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
        if (connection.isEmpty()) {
            return;
        }
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive")
                        && !name.equalsIgnoreCase("transfer-encoding")) {
                    h.remove(name);
                }
            }
        }
        h.remove(HttpHeaderNames.CONNECTION);
    }
}
