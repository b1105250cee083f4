package dev.portico.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fast reader for the plain {@code key = value} files that make up almost every app folder. Starting
 * with 100,000 app files, building a Commons Configuration object per file costs seconds; this reads
 * the same lines the same way in microseconds. It declines (returns null) whenever the text uses
 * anything beyond plain lines: backslashes (escapes, continued lines), {@code ${...}} interpolation,
 * {@code include}, control characters or a byte-order mark. Those files go through Commons
 * Configuration as before, so both readers always agree.
 */
final class PlainProperties {

    private static final String[] KNOWN = {"domains", "backends", "workers", "queue.size", "queue.timeout",
        "rate", "rate.burst", "timeout.connect", "timeout.response", "max.body", "circuit.failures",
        "circuit.open", "static.cache", "static.index", "websocket.idle", "websocket.max", "auth.basic",
        "auth.forward", "auth.realm", "https.force", "hsts"};

    private PlainProperties() {
    }

    /** Keys in file order with every value given for them, or null when the text is not plain. */
    static Map<String, List<String>> parse(String text) {
        if (!plain(text)) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int n = text.length();
        int start = 0;
        while (start < n) {
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (!line(text, start, end, out)) {
                return null;
            }
            start = end + 1;
            if (end < n && text.charAt(end) == '\r' && start < n && text.charAt(start) == '\n') {
                start++;
            }
        }
        return out;
    }

    /** Reads one line into {@code out}; false when it needs the full reader. */
    private static boolean line(String text, int from, int to, Map<String, List<String>> out) {
        int s = from;
        while (s < to && text.charAt(s) <= ' ') {
            s++;
        }
        int e = to;
        while (e > s && text.charAt(e - 1) <= ' ') {
            e--;
        }
        if (s == e || text.charAt(s) == '#' || text.charAt(s) == '!') {
            return true; // blank or comment
        }
        int k = s;
        while (k < e && text.charAt(k) > ' ' && text.charAt(k) != '=' && text.charAt(k) != ':') {
            k++;
        }
        if (k == s) {
            return false; // a line without a key: leave the oddity to the full reader
        }
        String key = key(text, s, k);
        if (key.equalsIgnoreCase("include") || key.equalsIgnoreCase("includeoptional")) {
            return false;
        }
        int v = k;
        while (v < e && text.charAt(v) <= ' ') {
            v++;
        }
        if (v < e && (text.charAt(v) == '=' || text.charAt(v) == ':')) {
            v++;
            while (v < e && text.charAt(v) <= ' ') {
                v++;
            }
        }
        String value = text.substring(v, e);
        List<String> before = out.putIfAbsent(key, List.of(value));
        if (before != null) { // a key given twice: rare, so the common case keeps an immutable singleton
            List<String> all = new ArrayList<>(before);
            all.add(value);
            out.put(key, all);
        }
        return true;
    }

    /** The key, as the shared constant when it is one of the usual ones (no copy per file). */
    private static String key(String text, int from, int to) {
        int length = to - from;
        for (String known : KNOWN) {
            if (known.length() == length && text.startsWith(known, from)) {
                return known;
            }
        }
        return text.substring(from, to);
    }

    private static boolean plain(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\uFEFF' || c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return false;
            }
            if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
                return false;
            }
        }
        return true;
    }
}
