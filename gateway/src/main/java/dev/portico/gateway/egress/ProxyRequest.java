package dev.portico.gateway.egress;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * What a request head asks of a forward proxy: a tunnel ({@code CONNECT host:port}), a plain request in
 * absolute form ({@code GET http://host/path}, sent on in origin form), or nothing it can serve (400,
 * with a sentence that says what to send instead).
 */
sealed interface ProxyRequest {

    record Connect(Target target) implements ProxyRequest {
    }

    record Plain(Target target, String originForm) implements ProxyRequest {
    }

    record Bad(String detail) implements ProxyRequest {
    }

    static ProxyRequest of(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            return new Bad("The request could not be read: " + req.decoderResult().cause());
        }
        if (req.method().equals(HttpMethod.CONNECT)) {
            if (HttpUtil.getContentLength(req, 0L) > 0 || HttpUtil.isTransferEncodingChunked(req)) {
                return new Bad("A CONNECT request has no body.");
            }
            try {
                return new Connect(Target.parse(req.uri(), -1));
            } catch (IllegalArgumentException e) {
                return new Bad("CONNECT names host:port: " + e.getMessage());
            }
        }
        String uri = req.uri();
        if (uri.regionMatches(true, 0, "https://", 0, 8)) {
            return new Bad("Send https requests through a CONNECT tunnel (https_proxy), not to the proxy itself.");
        }
        if (!uri.regionMatches(true, 0, "http://", 0, 7)) {
            return new Bad("This is the egress proxy: send absolute-form requests (GET http://host/path, as "
                    + "http_proxy clients do) or CONNECT host:port.");
        }
        int end = 7;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        Target target;
        try {
            target = Target.parse(uri.substring(7, end), 80);
        } catch (IllegalArgumentException e) {
            return new Bad("The address names no destination: " + e.getMessage());
        }
        String rest = uri.substring(end);
        int hash = rest.indexOf('#'); // a fragment never leaves the client; drop one that did
        rest = hash >= 0 ? rest.substring(0, hash) : rest;
        return new Plain(target, rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest);
    }
}
