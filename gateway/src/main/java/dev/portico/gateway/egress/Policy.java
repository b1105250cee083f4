package dev.portico.gateway.egress;

import dev.portico.gateway.config.Cidr;
import dev.portico.gateway.config.EgressConfig;
import java.net.InetAddress;
import java.util.List;

/**
 * The destination rules in force: ports and the free tier's allowlist before the name is looked up;
 * blocked address ranges and the gateway's own listeners for every address it resolved to. Immutable
 * but for the listeners, which are read live.
 */
final class Policy {

    private final EgressConfig config;
    private final Identities identities;
    private final OwnListeners own;

    Policy(EgressConfig config, OwnListeners own) {
        this.config = config;
        this.identities = new Identities(config);
        this.own = own;
    }

    EgressConfig config() {
        return config;
    }

    /** The accounts of this same config: a request is recognised and judged by one snapshot. */
    Identities identities() {
        return identities;
    }

    /** The rules that need no lookup; a tier in report mode gets its first would-deny back, allowed. */
    Verdict beforeLookup(Caller caller, Target target) {
        boolean report = config.policy().tier(caller.tier()).report();
        if (target.host() == null) {
            return Verdict.deny(DenyReason.INVALID_HOST, target.problem(), report);
        }
        Verdict first = Verdict.PASS;
        if (!config.policy().ports().contains(target.port())) {
            first = Verdict.deny(DenyReason.PORT, "Port " + target.port() + " is not one of the destination ports "
                    + "the egress proxy allows (" + String.join(", ", config.policy().ports().stream()
                    .map(String::valueOf).toList()) + ").", report);
            if (!first.allowed()) {
                return first;
            }
        }
        if (caller.tier() == EgressConfig.Tier.FREE && !config.allowlist().permits(target.host())) {
            Verdict v = target.host().isAddress()
                    ? Verdict.deny(DenyReason.ADDRESS_NOT_LISTED, target.hostText() + " is an IP address, and the "
                    + "free tier reaches an address only when the allowlist names that address.", report)
                    : Verdict.deny(DenyReason.NOT_ALLOWLISTED, target.hostText()
                    + " is not on the allowlist of the free tier.", report);
            if (!v.allowed() || first.reason() == null) {
                return v;
            }
        }
        return first;
    }

    /**
     * Every address must pass, or the request is refused: a name that resolves to one public and one
     * private address is refused whole, since the connection may go to either.
     */
    Verdict afterLookup(Target target, List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            // A literal keeps its 16 bytes: InetAddress would turn ::ffff:127.0.0.1 into 127.0.0.1.
            byte[] raw = target.host().isAddress() ? target.host().address() : a.getAddress();
            String text = target.host().isAddress() ? target.host().name() : a.getHostAddress();
            if (own.contains(a, target.port())) {
                return Verdict.denyAddress(DenyReason.OWN_LISTENER, where(target, a) + " is one of this proxy's "
                        + "own listeners (port " + target.port() + ").", text);
            }
            String range = SpecialRanges.of(raw);
            if (range != null && !allowed(raw)) {
                return Verdict.denyAddress(DenyReason.BLOCKED_ADDRESS, where(target, a) + " is a blocked address ("
                        + range.replace('_', ' ') + "): private, local and special-purpose addresses are never "
                        + "reachable through the egress proxy.", text);
            }
        }
        return Verdict.PASS;
    }

    private boolean allowed(byte[] address) {
        for (Cidr c : config.policy().allowRanges()) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String where(Target target, InetAddress a) {
        String address = a.getHostAddress();
        return target.host().isAddress() ? target.hostText() : target.hostText() + " resolves to " + address
                + ", which";
    }
}
