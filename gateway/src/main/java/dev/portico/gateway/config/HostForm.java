package dev.portico.gateway.config;

import java.net.IDN;
import java.util.Arrays;
import java.util.Locale;

/**
 * A destination host read the one way the egress proxy and its allowlist agree on: an IP address, or a
 * name (lower case, trailing dot removed, IDN to punycode). IPv4 is read in every numeric form a C
 * resolver or a browser accepts ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}),
 * so that no spelling of an address passes for a name; a host whose last label is numeric but that is
 * no valid address is refused. IPv6 keeps all 16 bytes (an IPv4-mapped address stays IPv6, so that it
 * can be recognised and refused).
 *
 * @param name    the normalised name, or the canonical text of the address
 * @param address 4 or 16 bytes when the host is an address, else null
 */
public record HostForm(String name, byte[] address) {

    /** Parses {@code text}; throws IllegalArgumentException saying why it is not a host. */
    public static HostForm parse(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
            if (s.indexOf(':') < 0) {
                throw invalid(text, "brackets hold an IPv6 address");
            }
        }
        if (s.indexOf(':') >= 0) {
            byte[] v6 = Ipv6Text.parse(s);
            if (v6 == null) {
                throw invalid(text, "not a valid IPv6 address");
            }
            return new HostForm(Ipv6Text.format(v6), v6);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw invalid(text, "empty");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "not a valid international name");
        }
        String[] labels = ascii.split("\\.", -1);
        if (numeric(labels[labels.length - 1])) {
            byte[] v4 = Ipv4Text.parse(labels);
            if (v4 == null) {
                throw invalid(text, "numeric, but not a valid IPv4 address");
            }
            return new HostForm(Ipv4Text.format(v4), v4);
        }
        if (ascii.length() > 253) {
            throw invalid(text, "longer than 253 characters");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || !label.chars().allMatch(HostForm::nameChar)
                    || label.startsWith("-") || label.endsWith("-")) {
                throw invalid(text, "labels of 1 to 63 letters, digits, '-' or '_', not starting or ending with '-'");
            }
        }
        return new HostForm(ascii, null);
    }

    public boolean isAddress() {
        return address != null;
    }

    /** How the host is written in messages and logs: the name, or the address ({@code [..]} for IPv6). */
    @Override
    public String toString() {
        return address != null && address.length == 16 ? "[" + name + "]" : name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostForm h && h.name.equals(name) && Arrays.equals(h.address, address);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** WHATWG's "ends in a number": all digits, or 0x followed by hex digits. */
    private static boolean numeric(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return label.startsWith("0x") && label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static boolean nameChar(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + text + "': " + why
                + " (expected a host name such as example.com, or an IP address)");
    }
}
