package dev.portico.gateway.staticfiles;

import dev.portico.gateway.config.AppConfig;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Date;

/**
 * What to answer for a request naming a regular file: which representation, 200, 206, 304 or 416, and
 * the headers. Decides only; no I/O, no buffers.
 */
sealed interface StaticAnswer {

    /** Browsers take the declared type: a file uploaded as .txt never runs as a script. */
    io.netty.util.AsciiString NOSNIFF_HEADER = io.netty.util.AsciiString.cached("x-content-type-options");

    /** The visitor's copy is current. */
    record NotModified(HttpHeaders headers) implements StaticAnswer {
    }

    /** The Range lies outside the file: 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable(long size) implements StaticAnswer {
    }

    /** Bytes {@code offset} .. {@code offset + length - 1} of {@code file}; {@code headOnly} for HEAD. */
    record Content(HttpResponseStatus status, HttpHeaders headers, Representation file, long offset, long length,
                   boolean headOnly) implements StaticAnswer {
    }

    /** Decides the answer to {@code request} for {@code file}. */
    static StaticAnswer decide(HttpRequest request, Lookup.File file, AppConfig.StaticFiles config) {
        HttpHeaders in = request.headers();
        boolean get = request.method().equals(HttpMethod.GET);
        String rangeHeader = get ? in.get(HttpHeaderNames.RANGE) : null;
        // A range names bytes of one representation; the file itself is the one every client can use.
        Representation r = rangeHeader != null ? file.identity()
                : Codings.choose(file, in.get(HttpHeaderNames.ACCEPT_ENCODING));
        HttpHeaders validators = new DefaultHttpHeaders();
        validators.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        validators.set(HttpHeaderNames.ETAG, r.etag());
        validators.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(r.modifiedSeconds() * 1000)));
        config.cache().ifPresent(d -> validators.set(HttpHeaderNames.CACHE_CONTROL, cacheControl(d)));
        if (file.hasCodings()) {
            validators.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (Preconditions.notModified(in, r)) {
            return new NotModified(validators);
        }
        ByteRange range = rangeHeader != null && Preconditions.rangeAllowed(in, r)
                ? ByteRange.parse(rangeHeader, r.size()) : ByteRange.WHOLE;
        if (range instanceof ByteRange.Unsatisfiable) {
            return new Unsatisfiable(r.size());
        }
        HttpHeaders h = validators;
        h.set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
        h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        h.set(NOSNIFF_HEADER, "nosniff");
        if (r.encoding() != null) {
            h.set(HttpHeaderNames.CONTENT_ENCODING, r.encoding());
        }
        boolean headOnly = request.method().equals(HttpMethod.HEAD);
        if (range instanceof ByteRange.Part p) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + p.start() + "-" + p.last() + "/" + r.size());
            h.set(HttpHeaderNames.CONTENT_LENGTH, p.length());
            return new Content(HttpResponseStatus.PARTIAL_CONTENT, h, r, p.start(), p.length(), headOnly);
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, r.size());
        return new Content(HttpResponseStatus.OK, h, r, 0, r.size(), headOnly);
    }

    /** {@code static.cache = 1h}: {@code public, max-age=3600}; {@code 0} asks caches to revalidate. */
    static String cacheControl(Duration d) {
        long s = d.toSeconds();
        return s <= 0 ? "no-cache" : "public, max-age=" + s;
    }
}
