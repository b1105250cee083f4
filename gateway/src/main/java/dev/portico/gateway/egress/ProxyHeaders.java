package dev.portico.gateway.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes what must not pass a forward proxy: the hop-by-hop headers (RFC 9110 section 7.6.1: those
 * {@code Connection} names, {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Upgrade}) and every
 * {@code Proxy-*} header, above all the account's {@code Proxy-Authorization}, which the destination
 * must never see. {@code Transfer-Encoding} stays: the body's framing depends on it.
 */
final class ProxyHeaders {

    private ProxyHeaders() {
    }

    static void strip(HttpHeaders h) {
        for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("transfer-encoding")) {
                    h.remove(name);
                }
            }
        }
        h.remove(HttpHeaderNames.CONNECTION);
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
        h.remove(HttpHeaderNames.UPGRADE);
        List<String> proxyHeaders = new ArrayList<>();
        for (Map.Entry<String, String> e : h) {
            if (e.getKey().regionMatches(true, 0, "proxy-", 0, 6)) {
                proxyHeaders.add(e.getKey());
            }
        }
        proxyHeaders.forEach(h::remove);
    }
}
