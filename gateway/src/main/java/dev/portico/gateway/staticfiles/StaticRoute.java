package dev.portico.gateway.staticfiles;

import dev.portico.gateway.config.AppConfig;

/**
 * Which static mapping of an app owns a request path. Prefixes are compared with the path exactly as the
 * visitor sent it (still percent-encoded): a path that only matches once decoded belongs to the app.
 */
public final class StaticRoute {

    private StaticRoute() {
    }

    /** A mapping that owns a request: {@code rest} is the raw path after the prefix, {@code path} all of it. */
    public record Match(AppConfig.StaticFiles.Mapping mapping, String path, String rest, String query) {
    }

    /** The longest-prefix mapping owning {@code uri}, or null when the request goes to the app. */
    public static Match match(AppConfig.StaticFiles files, String uri) {
        if (files.mappings().isEmpty()) {
            return null;
        }
        String target = originForm(uri);
        if (target == null) {
            return null;
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        for (AppConfig.StaticFiles.Mapping m : files.mappings()) { // longest prefix first
            String prefix = m.prefix();
            if (owns(prefix, path)) {
                return new Match(m, path, path.substring(prefix.length()), query);
            }
        }
        return null;
    }

    /** {@code /static/} owns {@code /static/x}; {@code /static} owns {@code /static} and {@code /static/x}. */
    static boolean owns(String prefix, String path) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        return prefix.endsWith("/") || path.length() == prefix.length() || path.charAt(prefix.length()) == '/';
    }

    /** The path and query of a request target; absolute-form is reduced to them, anything else is null. */
    private static String originForm(String uri) {
        if (uri.startsWith("/")) {
            int hash = uri.indexOf('#');
            return hash < 0 ? uri : uri.substring(0, hash);
        }
        int scheme = uri.indexOf("://");
        if (scheme <= 0) {
            return null; // "*" and authority-form never name a file
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : originForm(uri.substring(slash));
    }
}
