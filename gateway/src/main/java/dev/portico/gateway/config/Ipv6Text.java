package dev.portico.gateway.config;

/**
 * IPv6 text (RFC 4291 section 2.2: groups, one {@code ::}, an optional dotted IPv4 tail) to 16 bytes and
 * back (RFC 5952: lower case, the longest run of zero groups as {@code ::}). Unlike
 * {@link java.net.InetAddress}, an IPv4-mapped address stays 16 bytes, so that it can be told apart.
 */
final class Ipv6Text {

    private Ipv6Text() {
    }

    /** The 16 bytes, or null when {@code s} is not an IPv6 address (zone ids are not accepted). */
    static byte[] parse(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int n = head.length + tail.length;
        if (gap < 0 ? n != 8 : n > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int at = 8 - tail.length + i;
            out[2 * at] = (byte) (tail[i] >> 8);
            out[2 * at + 1] = (byte) tail[i];
        }
        return out;
    }

    /** 16-bit groups of {@code s}; a dotted IPv4 tail (only where {@code last}) counts as two. */
    private static int[] groups(String s, boolean last) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int v4 = last && parts[parts.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] out = new int[parts.length + v4];
        for (int i = 0; i < parts.length - v4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int g = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0 || p.charAt(j) > 127) {
                    return null;
                }
                g = g * 16 + d;
            }
            out[i] = g;
        }
        if (v4 == 1) {
            byte[] a = dotted(parts[parts.length - 1]);
            if (a == null) {
                return null;
            }
            out[parts.length - 1] = (a[0] & 0xff) << 8 | a[1] & 0xff;
            out[parts.length] = (a[2] & 0xff) << 8 | a[3] & 0xff;
        }
        return out;
    }

    /** Strict dotted decimal only: four parts, 0..255, as RFC 4291 writes an IPv4 tail. */
    private static byte[] dotted(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    static String format(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | a[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            b.append(Integer.toHexString(g[i]));
            if (i < 7) {
                b.append(':');
            }
        }
        return b.toString();
    }
}
