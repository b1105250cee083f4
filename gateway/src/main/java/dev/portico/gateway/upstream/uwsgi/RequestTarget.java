package dev.portico.gateway.upstream.uwsgi;

import java.util.Arrays;

/**
 * The parts of a request target a CGI app reads: the raw path and query as the visitor sent them, and
 * the path percent-decoded to bytes. An absolute-form target ({@code http://host/path}) is reduced to
 * its path and query first.
 */
record RequestTarget(String uri, String path, String query) {

    static RequestTarget parse(String target) {
        String uri = target;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme > 0) {
                int slash = uri.indexOf('/', scheme + 3);
                int question = uri.indexOf('?', scheme + 3);
                int start = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
                uri = start < 0 ? "/" : uri.charAt(start) == '?' ? "/" + uri.substring(start) : uri.substring(start);
            }
        }
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? "" : uri.substring(question + 1);
        return new RequestTarget(uri, path, query);
    }

    /**
     * The path with every {@code %XX} turned into its byte, as WSGI's PATH_INFO wants it; a {@code %}
     * not followed by two hex digits stays as it is. Other characters are single bytes already (the
     * request line was read as ISO-8859-1).
     */
    byte[] decodedPath() {
        byte[] out = new byte[path.length()];
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) (hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            out[n++] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
