package dev.portico.gateway.upstream.uwsgi;

import dev.portico.gateway.upstream.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CGI variables a WSGI app reads, filled the way nginx's {@code uwsgi_params} fills them: method,
 * raw REQUEST_URI and QUERY_STRING, percent-decoded PATH_INFO, the visitor's and the listener's
 * addresses, HTTPS behind TLS, and {@code HTTP_*} for every header.
 *
 * <p>Headers whose names hold an underscore are left out, as nginx leaves them out: otherwise a visitor's
 * {@code X_Forwarded_For} would land on the same variable as the gateway's {@code X-Forwarded-For}.
 * {@code Proxy} is left out too, since {@code HTTP_PROXY} reads as the outbound proxy setting to many
 * libraries. Repeated headers are joined into one variable ({@code ", "}, or {@code "; "} for cookies),
 * because uWSGI keeps only the last of two variables with one name.
 */
final class UwsgiVars {

    private static final AsciiString PROXY = AsciiString.cached("proxy");

    private UwsgiVars() {
    }

    /**
     * The packet for {@code request}; throws {@link UwsgiPacket#TOO_LARGE} when its variables exceed
     * what one packet can carry.
     */
    static ByteBuf packet(HttpRequest request, RequestContext context, ByteBufAllocator alloc) {
        HttpHeaders h = request.headers();
        RequestTarget target = RequestTarget.parse(request.uri());
        UwsgiPacket p = new UwsgiPacket(alloc, 512 + target.uri().length() * 2 + h.size() * 48);
        p.add("REQUEST_METHOD", request.method().name())
                .add("REQUEST_URI", target.uri())
                .add("PATH_INFO", target.decodedPath())
                .add("QUERY_STRING", target.query())
                .add("SERVER_PROTOCOL", request.protocolVersion().text())
                .add("REQUEST_SCHEME", context.secure() ? "https" : "http")
                .add("CONTENT_TYPE", orEmpty(h.get(HttpHeaderNames.CONTENT_TYPE)))
                .add("CONTENT_LENGTH", orEmpty(h.get(HttpHeaderNames.CONTENT_LENGTH)))
                .add("REMOTE_ADDR", orEmpty(context.remoteAddress()))
                .add("REMOTE_PORT", Integer.toString(context.remotePort()))
                .add("SERVER_NAME", orEmpty(context.serverName()))
                .add("SERVER_PORT", Integer.toString(context.serverPort()))
                .add("DOCUMENT_ROOT", "");
        if (context.secure()) {
            p.add("HTTPS", "on").add("UWSGI_SCHEME", "https");
        }
        for (Map.Entry<String, String> e : headerVars(h).entrySet()) {
            p.add(e.getKey(), e.getValue());
        }
        return p.finish();
    }

    /** {@code HTTP_*} variables in the headers' order, repeated headers joined. */
    static Map<String, String> headerVars(HttpHeaders h) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (skipped(name)) {
                continue;
            }
            String var = "HTTP_" + name.toString().toUpperCase(Locale.ROOT).replace('-', '_');
            String value = e.getValue().toString();
            boolean cookie = HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name);
            vars.merge(var, value, (a, b) -> a + (cookie ? "; " : ", ") + b);
        }
        return vars;
    }

    private static boolean skipped(CharSequence name) {
        return HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || PROXY.contentEqualsIgnoreCase(name)
                || AsciiString.indexOf(name, '_', 0) >= 0;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
