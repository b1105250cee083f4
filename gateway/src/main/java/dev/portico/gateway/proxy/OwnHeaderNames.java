package dev.portico.gateway.proxy;

import dev.portico.gateway.upstream.HeaderNameCheck;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * The check of a header name in a visitor's request, skipped for the names the gateway itself sets on
 * every proxied request: constants that are valid tokens once and for all. Any other name, including
 * each one a visitor sent, gets the full check ({@link HeaderNameCheck}). Used by the HTTP/1.1 request
 * decoder's header factory.
 */
public final class OwnHeaderNames implements DefaultHeaders.NameValidator<CharSequence> {

    /** A request's headers: every name and value checked, the gateway's own names without repeating it. */
    public static final DefaultHttpHeadersFactory REQUEST_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withNameValidator(new OwnHeaderNames());

    private OwnHeaderNames() {
    }

    @Override
    public void validateName(CharSequence name) {
        // identity, not equality: only the constant objects are known to be valid
        if (name == ForwardedHeaders.X_FORWARDED_FOR || name == ForwardedHeaders.X_REAL_IP
                || name == ForwardedHeaders.X_FORWARDED_PROTO || name == ForwardedHeaders.X_FORWARDED_HOST
                || name == ForwardedHeaders.X_REQUEST_ID || name == HttpHeaderNames.HOST
                || name == HttpHeaderNames.CONTENT_LENGTH || name == HttpHeaderNames.CONNECTION
                || name == HttpHeaderNames.UPGRADE) {
            return;
        }
        HeaderNameCheck.INSTANCE.validateName(name);
    }
}
