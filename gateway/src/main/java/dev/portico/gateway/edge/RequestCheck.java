package dev.portico.gateway.edge;

import dev.portico.gateway.failure.Failure;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Iterator;

/**
 * Decides whether a decoded request head may go any further, and which Host it is for. An
 * absolute-form target ({@code GET http://host/path}) names the host itself and wins over the Host
 * header; the target is rewritten to origin-form for the app.
 */
public final class RequestCheck {

    private RequestCheck() {
    }

    /** Why the head cannot be served, or null when it can. */
    public static Failure failure(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            if (cause instanceof RequestDecoder.RequestHeadTimeoutException) {
                return Failure.REQUEST_TIMEOUT;
            }
            if (cause instanceof TooLongHttpLineException) {
                return Failure.URI_TOO_LONG;
            }
            if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                return Failure.HEADERS_TOO_LARGE;
            }
            return Failure.BAD_REQUEST;
        }
        if (req.protocolVersion().majorVersion() != 1) {
            return Failure.VERSION_NOT_SUPPORTED; // HTTP/2 comes by ALPN, never as a version in a request line
        }
        return problem(req) == null ? null : Failure.BAD_REQUEST;
    }

    /**
     * One sentence for the visitor on what {@link #failure} found wrong with the head ({@code f}, what it
     * returned), or null when there is nothing to add to the failure's own hint.
     */
    public static String detail(HttpRequest req, Failure f) {
        if (f == Failure.VERSION_NOT_SUPPORTED) {
            return "This request says " + visible(req.protocolVersion().text()) + ".";
        }
        if (f != Failure.BAD_REQUEST) {
            return null;
        }
        if (!req.decoderResult().isFailure()) {
            return problem(req);
        }
        Throwable cause = req.decoderResult().cause();
        if (cause instanceof MalformedRequest) {
            return visible(cause.getMessage()); // it may quote a field name the visitor sent
        }
        String why = cause.getMessage();
        if (why == null || why.isBlank()) {
            return null;
        }
        why = visible(why);
        return "The request head is malformed: " + why + (why.endsWith(".") ? "" : ".");
    }

    private static String problem(HttpRequest req) {
        String uri = req.uri();
        if (req.method() == HttpMethod.CONNECT) {
            return "CONNECT is not served on this listener.";
        }
        if (uri.isEmpty() || uri.charAt(0) != '/' && !uri.equals("*") && !isAbsolute(uri)) {
            return "The request target must be a path starting with '/' or an absolute http:// or https:// URL.";
        }
        Iterator<? extends CharSequence> hosts = req.headers().valueCharSequenceIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return req.protocolVersion().equals(HttpVersion.HTTP_1_1) && !isAbsolute(uri)
                    ? "The request has no Host header; name the site in one." : null;
        }
        hosts.next();
        // two Host headers: which one is meant is anyone's guess
        return hosts.hasNext() ? "The request has more than one Host header; send exactly one." : null;
    }

    /** {@code text} fit to quote back: control characters shown as '?', at most 200 characters. */
    private static String visible(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 201));
        for (int i = 0; i < text.length() && b.length() < 200; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.length() < text.length() ? b.append('\u2026').toString() : b.toString();
    }

    /**
     * A request head refused while it was decoded, with a sentence for the visitor on what was wrong
     * (see {@link #detail}). It carries no stack trace: it describes the visitor's request, not a fault of
     * the gateway.
     */
    public static final class MalformedRequest extends RuntimeException {

        public MalformedRequest(String sentence) {
            super(sentence, null, false, false);
        }
    }

    /**
     * The host the request is for (as sent, not yet normalised): the absolute-form authority, else the
     * Host header; null when there is neither. Rewrites an absolute-form target to origin-form.
     */
    public static String host(HttpRequest req) {
        String uri = req.uri();
        if (isAbsolute(uri)) {
            int start = uri.indexOf("://") + 3;
            int slash = uri.indexOf('/', start);
            int query = uri.indexOf('?', start);
            int end = slash < 0 ? (query < 0 ? uri.length() : query) : (query < 0 ? slash : Math.min(slash, query));
            String authority = uri.substring(start, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                authority = authority.substring(at + 1);
            }
            String rest = uri.substring(end);
            req.setUri(rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest);
            req.headers().set(HttpHeaderNames.HOST, authority);
            return authority;
        }
        return req.headers().get(HttpHeaderNames.HOST);
    }

    private static boolean isAbsolute(String uri) {
        return uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8);
    }
}
