package dev.portico.gateway.route;

/**
 * Normalises the Host a visitor sent: lower case, port removed, trailing dot removed. Returns null for
 * a value that is not a host (an HTTP/1.1 request with such a Host is answered 400).
 */
public final class HostName {

    private HostName() {
    }

    public static String normalise(String host) {
        if (host == null) {
            return null;
        }
        int end = host.length();
        if (end == 0 || end > 255 + 6) {
            return null;
        }
        String name;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 0 || !validPort(host, close + 1)) {
                return null;
            }
            name = host.substring(0, close + 1);
            for (int i = 1; i < close; i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            return name.toLowerCase(java.util.Locale.ROOT);
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!validPort(host, colon)) {
                return null;
            }
            end = colon;
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0) {
            return null;
        }
        char[] out = new char[end];
        for (int i = 0; i < end; i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return null;
            }
            out[i] = c;
        }
        return new String(out);
    }

    /** {@code from} points at ':' followed by 1-5 digits, or at the end. */
    private static boolean validPort(String host, int from) {
        if (from == host.length()) {
            return true;
        }
        if (host.charAt(from) != ':') {
            return false;
        }
        int digits = host.length() - from - 1;
        if (digits < 1 || digits > 5) {
            return false;
        }
        for (int i = from + 1; i < host.length(); i++) {
            if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
