package dev.portico.gateway.edge.tls;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * An app's https policy on the wire: the redirect a plain-HTTP visitor of an {@code https.force} app
 * gets (301 for GET and HEAD; 308 otherwise, so that the method and body are kept), and the
 * Strict-Transport-Security header of its HTTPS answers.
 */
public final class HttpsRedirect {

    public static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");

    private HttpsRedirect() {
    }

    /**
     * The redirect for a request to {@code host} (normalised, without port) and {@code uri} (origin
     * form); {@code httpsPort} is the HTTPS listener's port, left out of the location when it is 443 or
     * unknown (-1: no HTTPS listener here, a balancer in front terminates TLS on 443).
     */
    public static FullHttpResponse response(HttpMethod method, String host, String uri, int httpsPort) {
        boolean safe = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                safe ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT,
                Unpooled.EMPTY_BUFFER);
        String port = httpsPort > 0 && httpsPort != 443 ? ":" + httpsPort : "";
        res.headers().set(HttpHeaderNames.LOCATION, "https://" + host + port + uri)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return res;
    }
}
