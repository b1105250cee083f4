package dev.portico.gateway.config;

/**
 * IPv4 text in every form {@code inet_aton} and browsers accept: one to four parts, each decimal, octal
 * (leading {@code 0}) or hex ({@code 0x}); the last part fills the remaining bytes ({@code 127.1} is
 * 127.0.0.1, {@code 2130706433} is too).
 */
final class Ipv4Text {

    private Ipv4Text() {
    }

    /** The 4 bytes {@code labels} denote, or null when they denote no address. */
    static byte[] parse(String[] labels) {
        if (labels.length > 4) {
            return null;
        }
        long[] parts = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            parts[i] = number(labels[i]);
            if (parts[i] < 0) {
                return null;
            }
        }
        int last = labels.length - 1;
        long value = 0;
        for (int i = 0; i < last; i++) {
            if (parts[i] > 255) {
                return null;
            }
            value |= parts[i] << (8 * (3 - i));
        }
        if (parts[last] >= 1L << (8 * (4 - last))) {
            return null;
        }
        value |= parts[last];
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** One part's value, or -1 when it is no number (or larger than 32 bits). */
    private static long number(String s) {
        int radix = 10;
        String digits = s;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            digits = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            digits = s.substring(1);
        }
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0 || digits.charAt(i) > 127) {
                return -1;
            }
            v = v * radix + d;
            if (v > 0xFFFF_FFFFL) {
                return -1;
            }
        }
        return v;
    }

    static String format(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
}
