package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code egress/} folder: the free tier's allowlist, the accounts, and the policy every tier shares.
 * Immutable; a reload builds a new one.
 */
public record EgressConfig(EgressAllowlist allowlist, Map<String, Account> accounts, Policy policy) {

    public EgressConfig {
        requireNonNull(allowlist, "allowlist");
        accounts = java.util.Collections.unmodifiableMap(new TreeMap<>(accounts));
        requireNonNull(policy, "policy");
    }

    /** What an account may reach: the allowlist only (free), or any destination the policy permits (paid). */
    public enum Tier {
        FREE, PAID;

        /** As written in the files and in metric labels. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One account of {@code accounts.properties}. It proves itself with its token, or is recognised by
     * the source addresses in {@code from} (sandboxes that cannot send credentials); at least one is set.
     */
    public record Account(String name, Optional<String> token, Tier tier, List<Cidr> from, Limits limits) {
        public Account {
            requireNonNull(name, "name");
            requireNonNull(token, "token");
            requireNonNull(tier, "tier");
            from = List.copyOf(from);
            requireNonNull(limits, "limits");
            if (token.isEmpty() && from.isEmpty()) {
                throw new IllegalArgumentException(name + ": neither token nor from (expected at least one)");
            }
        }

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Account[" + name + ", " + tier.label() + (token.isPresent() ? ", token" : "")
                    + (from.isEmpty() ? "" : ", from " + from) + ", " + limits + "]";
        }
    }

    /**
     * Caps per account: connections open at once ({@code max.tunnels}: CONNECT tunnels, and plain
     * requests while in flight), and new requests per second ({@code rate}; 0 means no cap).
     */
    public record Limits(int maxTunnels, double rate) {
        public Limits {
            if (maxTunnels < 1) {
                throw new IllegalArgumentException("max.tunnels: " + maxTunnels + " (expected > 0)");
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate: " + rate + " (expected >= 0; 0 = no cap)");
            }
        }
    }

    /**
     * One tier's rules: whether its allowlist and port refusals are enforced, or only reported (allowed,
     * logged as {@code would_deny}) while a stricter list is rolled out; and its accounts' default limits.
     */
    public record TierPolicy(boolean report, Limits limits) {
        public TierPolicy {
            requireNonNull(limits, "limits");
        }
    }

    /** How long to wait for a name to resolve, a connection to open, a response head, an idle tunnel. */
    public record Timeouts(Duration dns, Duration connect, Duration response, Duration idle) {
        public Timeouts {
            requireNonNull(dns, "dns");
            requireNonNull(connect, "connect");
            requireNonNull(response, "response");
            requireNonNull(idle, "idle");
        }
    }

    /**
     * {@code policy.properties}: the tier of clients without credentials (none: refused with 407), the
     * destination ports, the exceptions to the always-blocked address ranges, the tiers, the timeouts,
     * and the sentence every refusal ends with, telling the user how to ask for an addition.
     */
    public record Policy(Optional<Tier> anonymous, Set<Integer> ports, List<Cidr> allowRanges, TierPolicy free,
                         TierPolicy paid, Timeouts timeouts, String help) {
        public Policy {
            requireNonNull(anonymous, "anonymous");
            ports = java.util.Collections.unmodifiableSet(new TreeSet<>(ports));
            allowRanges = List.copyOf(allowRanges);
            requireNonNull(free, "free");
            requireNonNull(paid, "paid");
            requireNonNull(timeouts, "timeouts");
            requireNonNull(help, "help");
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("ports: " + p + " (expected 1..65535)");
                }
            }
        }

        public TierPolicy tier(Tier t) {
            return t == Tier.FREE ? free : paid;
        }
    }
}
