package dev.portico.gateway.staticfiles;

import java.util.Locale;

/**
 * A request's {@code Range}, as far as static files answer it: one byte range (206), none or one the
 * gateway ignores (200 with the whole file: several ranges, another unit, bad syntax), or one that lies
 * outside the file (416).
 */
sealed interface ByteRange {

    /** No usable range: the whole file. */
    record Whole() implements ByteRange {
    }

    /** Bytes {@code start} .. {@code start + length - 1}. */
    record Part(long start, long length) implements ByteRange {
        long last() {
            return start + length - 1;
        }
    }

    /** The range starts beyond the file's end. */
    record Unsatisfiable() implements ByteRange {
    }

    ByteRange WHOLE = new Whole();
    ByteRange UNSATISFIABLE = new Unsatisfiable();

    /** Reads {@code header} (may be null) against a file of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return WHOLE;
        }
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return WHOLE;
        }
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return WHOLE; // several ranges: answered with the whole file, which RFC 9110 allows
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        long first = number(spec.substring(0, dash).trim());
        long last = number(spec.substring(dash + 1).trim());
        if (dash == 0) {
            if (last < 0) {
                return WHOLE;
            }
            if (last == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            long n = Math.min(last, size);
            return new Part(size - n, n);
        }
        if (first < 0 || spec.length() > dash + 1 && last < 0 || last >= 0 && last < first) {
            return WHOLE; // invalid: ignored
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        long end = last < 0 ? size - 1 : Math.min(last, size - 1);
        return new Part(first, end - first + 1);
    }

    /** A non-negative decimal, or -1 (also for the empty string and for overflow). */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
