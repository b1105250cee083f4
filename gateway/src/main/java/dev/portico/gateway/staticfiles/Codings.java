package dev.portico.gateway.staticfiles;

import java.util.Locale;

/** Which precompressed sibling a visitor's {@code Accept-Encoding} lets us send: brotli first, then gzip. */
final class Codings {

    private Codings() {
    }

    /** The representation to send for {@code acceptEncoding} (may be null): a sibling, or the file itself. */
    static Representation choose(Lookup.File file, String acceptEncoding) {
        if (acceptEncoding == null || !file.hasCodings()) {
            return file.identity();
        }
        if (file.brotli() != null && accepts(acceptEncoding, "br")) {
            return file.brotli();
        }
        if (file.gzip() != null && (accepts(acceptEncoding, "gzip") || accepts(acceptEncoding, "x-gzip"))) {
            return file.gzip();
        }
        return file.identity();
    }

    /** Whether {@code coding} is acceptable: named with q > 0, or covered by a {@code *} with q > 0. */
    static boolean accepts(String header, String coding) {
        Double named = null;
        Double star = null;
        for (String part : header.split(",")) {
            String[] params = part.split(";");
            String name = params[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (name.equals(coding)) {
                named = q;
            } else if (name.equals("*")) {
                star = q;
            }
        }
        if (named != null) {
            return named > 0;
        }
        return star != null && star > 0;
    }
}
