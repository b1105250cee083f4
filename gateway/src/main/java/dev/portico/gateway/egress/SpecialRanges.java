package dev.portico.gateway.egress;

import dev.portico.gateway.config.Cidr;
import dev.portico.gateway.config.HostForm;
import java.util.List;

/**
 * The address ranges no egress connection may reach unless {@code allow.ranges} names them: this
 * platform's own networks (loopback, private, link-local with the cloud metadata service, CGNAT, unique
 * local), addresses that are not destinations (unspecified, multicast, broadcast, reserved), ranges kept
 * for documentation and benchmarks, and IPv6 forms that carry an IPv4 address inside (mapped,
 * compatible, NAT64, 6to4, Teredo), which would otherwise smuggle any IPv4 address past these checks.
 * From the IANA special-purpose address registries; most specific first. IPv6 outside global unicast
 * ({@code 2000::/3}) is refused whole, as reserved, so that a range the registries add later is not
 * reachable in the meantime.
 */
public final class SpecialRanges {

    private record Range(Cidr cidr, String name) {
    }

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/32", "unspecified"),
            range("0.0.0.0/8", "this_network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "cgnat"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link_local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "ietf_protocol"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4_relay"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("255.255.255.255/32", "broadcast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("::ffff:0:0/96", "ipv4_mapped"),
            range("::/96", "ipv4_compatible"),
            range("::ffff:0:0:0/96", "ipv4_translated"),
            range("64:ff9b::/96", "nat64"),
            range("64:ff9b:1::/48", "nat64"),
            range("100::/64", "discard"),
            range("2001:db8::/32", "documentation"),
            range("2001::/32", "teredo"),
            range("2001::/23", "ietf_protocol"),
            range("2002::/16", "6to4"),
            range("3fff::/20", "documentation"),
            range("5f00::/16", "segment_routing"),
            range("fc00::/7", "unique_local"),
            range("fe80::/10", "link_local"),
            range("fec0::/10", "site_local"),
            range("ff00::/8", "multicast"));

    private SpecialRanges() {
    }

    /** The name of the special range {@code address} (4 or 16 bytes) lies in, or null for a public address. */
    public static String of(byte[] address) {
        for (Range r : RANGES) {
            if (r.cidr.contains(address)) {
                return r.name;
            }
        }
        if (address.length == 16 && (address[0] & 0xe0) != 0x20) {
            return "reserved";
        }
        return null;
    }

    private static Range range(String text, String name) {
        int slash = text.indexOf('/');
        byte[] network = HostForm.parse(text.substring(0, slash)).address();
        return new Range(new Cidr(network, Integer.parseInt(text.substring(slash + 1))), name);
    }
}
