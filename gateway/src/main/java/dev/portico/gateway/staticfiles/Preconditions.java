package dev.portico.gateway.staticfiles;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;

/** The conditional request headers static files answer (RFC 9110 section 13). */
final class Preconditions {

    private Preconditions() {
    }

    /**
     * Whether the visitor's copy is current, so a 304 answers: If-None-Match when present (weak
     * comparison), otherwise If-Modified-Since.
     */
    static boolean notModified(HttpHeaders h, Representation r) {
        String inm = h.get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null) {
            return matchesAny(inm, r.etag(), false);
        }
        String ims = h.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ims != null) {
            Date since = DateFormatter.parseHttpDate(ims);
            return since != null && r.modifiedSeconds() <= since.getTime() / 1000;
        }
        return false;
    }

    /** Whether a Range may be honoured: no If-Range, or one naming this exact representation. */
    static boolean rangeAllowed(HttpHeaders h, Representation r) {
        String ifRange = h.get(HttpHeaderNames.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(r.etag()); // strong comparison: a weak tag never matches
        }
        Date date = DateFormatter.parseHttpDate(v);
        return date != null && date.getTime() / 1000 == r.modifiedSeconds();
    }

    /** Whether the entity-tag list {@code header} holds {@code etag} (or is {@code *}). */
    static boolean matchesAny(String header, String etag, boolean strong) {
        String bare = opaque(etag);
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (strong && tag.startsWith("W/")) {
                continue;
            }
            if (opaque(tag).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
