package dev.portico.gateway.failure;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * The one renderer of the gateway's own error responses: status, {@code X-Portico-Failure}, a short HTML
 * page (or JSON when the client accepts JSON and not HTML), and {@code Retry-After} where it applies.
 */
public final class FailureResponse {

    public static final AsciiString FAILURE_HEADER = AsciiString.cached("x-portico-failure");

    private FailureResponse() {
    }

    /**
     * Renders {@code failure}. {@code detail} (may be null) is one more sentence for the page;
     * {@code retryAfterSeconds} is sent for 503/429 (at least 1).
     */
    public static FullHttpResponse render(ByteBufAllocator alloc, Failure failure, String detail,
                                          boolean json, long retryAfterSeconds) {
        ByteBuf body = alloc.buffer(512);
        if (json) {
            body.writeCharSequence("{\"status\":" + failure.status().code() + ",\"failure\":\"" + failure.flag()
                    + "\",\"title\":" + jsonString(failure.title()) + ",\"message\":"
                    + jsonString(detail == null ? failure.hint() : failure.hint() + " " + detail) + "}\n",
                    java.nio.charset.StandardCharsets.UTF_8);
        } else {
            ByteBufUtil.writeUtf8(body, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>"
                    + failure.status().code() + " " + html(failure.title()) + "</title>"
                    + "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;color:#222}"
                    + "small{color:#777}</style></head><body><h1>" + html(failure.title()) + "</h1><p>"
                    + html(failure.hint()) + "</p>" + (detail == null ? "" : "<p>" + html(detail) + "</p>")
                    + "<p><small>" + failure.status().code() + " &middot; " + failure.flag()
                    + " &middot; Portico</small></p></body></html>\n");
        }
        return response(failure, body, json ? HttpHeaderValues.APPLICATION_JSON : "text/html; charset=utf-8",
                retryAfterSeconds);
    }

    /**
     * Renders {@code failure} as plain text, for clients that are programs rather than browsers (those of
     * the egress proxy): a line with status, title and flag, the hint, then {@code detail} (may be null;
     * may span lines).
     */
    public static FullHttpResponse renderText(ByteBufAllocator alloc, Failure failure, String detail,
                                              long retryAfterSeconds) {
        ByteBuf body = alloc.buffer(256);
        ByteBufUtil.writeUtf8(body, failure.status().code() + " " + failure.title() + " (" + failure.flag() + ")\n"
                + failure.hint() + "\n" + (detail == null ? "" : detail.endsWith("\n") ? detail : detail + "\n"));
        return response(failure, body, "text/plain; charset=utf-8", retryAfterSeconds);
    }

    private static FullHttpResponse response(Failure failure, ByteBuf body, CharSequence contentType,
                                             long retryAfterSeconds) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, failure.status(), body);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        h.set(FAILURE_HEADER, failure.flag());
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (failure.retryable()) {
            h.set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        }
        return res;
    }

    /** True when the request's Accept prefers JSON (it names JSON and not HTML). */
    public static boolean wantsJson(HttpHeaders requestHeaders) {
        String accept = requestHeaders.get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("json") && !accept.contains("html");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
