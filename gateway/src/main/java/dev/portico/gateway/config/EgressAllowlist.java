package dev.portico.gateway.config;

import java.util.Set;

/**
 * The free tier's destinations ({@code egress/allowlist.txt}): exact names, {@code *.domain} wildcards
 * (subdomains at any depth, not the domain itself), and IP addresses, which are the only way an address
 * written as a destination is allowed. Entries and hosts are compared in their {@link HostForm}.
 *
 * @param names     exact names
 * @param suffixes  the domains of the wildcards ({@code example.com} for {@code *.example.com})
 * @param addresses the canonical text of listed addresses
 */
public record EgressAllowlist(Set<String> names, Set<String> suffixes, Set<String> addresses) {

    public static final EgressAllowlist EMPTY = new EgressAllowlist(Set.of(), Set.of(), Set.of());

    public EgressAllowlist {
        names = Set.copyOf(names);
        suffixes = Set.copyOf(suffixes);
        addresses = Set.copyOf(addresses);
    }

    public boolean permits(HostForm host) {
        if (host.isAddress()) {
            return addresses.contains(host.name());
        }
        String name = host.name();
        if (names.contains(name)) {
            return true;
        }
        for (int dot = name.indexOf('.'); dot >= 0 && !suffixes.isEmpty(); dot = name.indexOf('.', dot + 1)) {
            if (suffixes.contains(name.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return names.size() + suffixes.size() + addresses.size();
    }
}
