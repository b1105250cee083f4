package dev.portico.gateway.egress;

import dev.portico.gateway.config.Cidr;
import dev.portico.gateway.config.EgressConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises the caller of one request: {@code Proxy-Authorization: Basic} account and token first,
 * then the account whose {@code from} range holds the source address (the most specific range wins),
 * then the anonymous tier, if the policy has one. Tokens are compared as SHA-256 digests with a
 * constant-time comparison, and an unknown account costs the same comparison as a known one, so that
 * timing tells neither the token nor whether the account exists.
 */
final class Identities {

    /** The outcome: a caller, or why the request needs (other) credentials. */
    sealed interface Identity {
    }

    record Known(Caller caller) implements Identity {
    }

    record Unknown(String problem) implements Identity {
    }

    private record Ranged(Cidr cidr, EgressConfig.Account account) {
    }

    private static final byte[] NO_TOKEN = sha256("\u0000no account\u0000");

    private final Map<String, byte[]> digests = new HashMap<>();
    private final Map<String, EgressConfig.Account> accounts;
    private final List<Ranged> ranges = new ArrayList<>();
    private final EgressConfig.Policy policy;

    Identities(EgressConfig config) {
        this.accounts = config.accounts();
        this.policy = config.policy();
        for (EgressConfig.Account a : accounts.values()) {
            a.token().ifPresent(t -> digests.put(a.name(), sha256(t)));
            for (Cidr c : a.from()) {
                ranges.add(new Ranged(c, a));
            }
        }
        ranges.sort(Comparator.comparingInt((Ranged r) -> r.cidr.prefix()).reversed());
    }

    /** {@code authorization} is the Proxy-Authorization header (may be null); {@code source} may be null. */
    Identity identify(String authorization, InetAddress source) {
        if (authorization != null) {
            return fromCredentials(authorization);
        }
        if (source != null) {
            for (Ranged r : ranges) {
                if (r.cidr.contains(source)) {
                    return new Known(caller(r.account, "from"));
                }
            }
        }
        if (policy.anonymous().isPresent()) {
            EgressConfig.Tier tier = policy.anonymous().get();
            return new Known(new Caller(Caller.ANONYMOUS, tier, policy.tier(tier).limits(), "anonymous"));
        }
        return new Unknown("This proxy needs credentials: Proxy-Authorization: Basic base64(account:token), "
                + "as clients send for https_proxy=http://account:token@host:port.");
    }

    private Identity fromCredentials(String header) {
        String h = header.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Unknown("Proxy-Authorization must use the Basic scheme with account:token.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Unknown("Proxy-Authorization is not valid base64 of account:token.");
        }
        int colon = decoded.indexOf(':');
        String name = colon < 0 ? decoded : decoded.substring(0, colon);
        String token = colon < 0 ? "" : decoded.substring(colon + 1);
        byte[] expected = digests.getOrDefault(name, NO_TOKEN);
        boolean match = MessageDigest.isEqual(expected, sha256(token));
        EgressConfig.Account account = accounts.get(name);
        if (!match || account == null || expected == NO_TOKEN) {
            return new Unknown("The account name or token is wrong.");
        }
        return new Known(caller(account, "token"));
    }

    private static Caller caller(EgressConfig.Account a, String via) {
        return new Caller(a.name(), a.tier(), a.limits(), via);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
