package dev.portico.gateway.config;

import dev.portico.gateway.config.EgressConfig.Account;
import dev.portico.gateway.config.EgressConfig.Limits;
import dev.portico.gateway.config.EgressConfig.Tier;
import dev.portico.gateway.config.EgressConfig.TierPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the {@code egress/} folder: {@code policy.properties}, {@code accounts.properties},
 * {@code allowlist.txt}. A file left out reads as empty (every policy key has a default; no accounts;
 * nothing on the allowlist).
 */
public final class EgressConfigParser {

    public static final String DIR = "egress";
    public static final String POLICY = DIR + "/policy.properties";
    public static final String ACCOUNTS = DIR + "/accounts.properties";

    public static final String POLICY_KEYS = "anonymous, ports, allow.ranges, free.mode, paid.mode, "
            + "free.max.tunnels, paid.max.tunnels, free.rate, paid.rate, timeout.dns, timeout.connect, "
            + "timeout.response, timeout.idle, help";
    public static final String ACCOUNT_KEYS = "<account>.token, <account>.tier, <account>.from, "
            + "<account>.max.tunnels, <account>.rate";
    static final String DEFAULT_HELP = "To request an addition, write to the platform's operators with the host "
            + "and port you need and what your app uses it for.";

    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> RESERVED = Set.of("anonymous", "accounts");
    private static final List<String> ACCOUNT_FIELDS = List.of("token", "tier", "from", "max.tunnels", "rate");

    private EgressConfigParser() {
    }

    /** Parses the folder {@code dir}; every problem goes to {@code problems}, and then nothing is returned. */
    public static Optional<EgressConfig> parse(Path dir, List<ConfigProblem> problems) {
        int before = problems.size();
        EgressConfig.Policy policy = policy(open(dir.resolve("policy.properties"), POLICY, problems));
        Map<String, Account> accounts = accounts(open(dir.resolve("accounts.properties"), ACCOUNTS, problems),
                policy);
        EgressAllowlist allowlist = AllowlistFile.read(dir.resolve("allowlist.txt"), problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new EgressConfig(allowlist, accounts, policy));
    }

    private static PropertiesFile open(Path file, String label, List<ConfigProblem> problems) {
        return Files.exists(file) ? PropertiesFile.read(file, label, problems) : PropertiesFile.empty(label, problems);
    }

    private static EgressConfig.Policy policy(PropertiesFile f) {
        Optional<Tier> anonymous = Optional.empty();
        String anon = f.string("anonymous", "deny").toLowerCase(Locale.ROOT);
        switch (anon) {
            case "deny" -> { }
            case "free" -> anonymous = Optional.of(Tier.FREE);
            default -> f.problem("anonymous", "'" + anon + "' (expected free or deny)");
        }
        Set<Integer> ports = new TreeSet<>();
        for (String p : Values.list(f.string("ports", "80, 443"))) {
            try {
                int n = Integer.parseInt(p);
                if (n < 1 || n > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(n);
            } catch (NumberFormatException e) {
                f.problem("ports", "'" + p + "' (expected port numbers 1..65535, such as 80, 443)");
            }
        }
        if (ports.isEmpty() && f.has("ports")) {
            f.problem("ports", "empty (expected at least one port, such as 80, 443)");
        }
        List<Cidr> allow = cidrs(f, "allow.ranges");
        TierPolicy free = tier(f, "free", new Limits(32, 20));
        TierPolicy paid = tier(f, "paid", new Limits(256, 200));
        var timeouts = new EgressConfig.Timeouts(
                f.duration("timeout.dns", Duration.ofSeconds(5), Duration.ofMillis(10)),
                f.duration("timeout.connect", Duration.ofSeconds(10), Duration.ofMillis(10)),
                f.duration("timeout.response", Duration.ofSeconds(60), Duration.ofMillis(10)),
                f.duration("timeout.idle", Duration.ofMinutes(5), Duration.ofMillis(10)));
        String help = f.string("help", DEFAULT_HELP);
        f.rejectUnknownKeys(List.of(), POLICY_KEYS);
        return new EgressConfig.Policy(anonymous, ports, allow, free, paid, timeouts, help);
    }

    private static TierPolicy tier(PropertiesFile f, String tier, Limits defaults) {
        String mode = f.string(tier + ".mode", "enforce").toLowerCase(Locale.ROOT);
        if (!mode.equals("enforce") && !mode.equals("report")) {
            f.problem(tier + ".mode", "'" + mode + "' (expected enforce or report)");
        }
        return new TierPolicy(mode.equals("report"), limits(f, tier + ".", defaults));
    }

    private static Limits limits(PropertiesFile f, String prefix, Limits defaults) {
        int tunnels = f.integer(prefix + "max.tunnels", defaults.maxTunnels(), 1, 1_000_000);
        double rate = f.parsed(prefix + "rate", EgressConfigParser::rate).orElse(defaults.rate());
        return new Limits(tunnels, rate);
    }

    private static double rate(String v) {
        try {
            double r = Double.parseDouble(v);
            if (r >= 0 && !Double.isInfinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + v + "' (expected requests per second, such as 20; 0 = no cap)");
    }

    private static List<Cidr> cidrs(PropertiesFile f, String key) {
        List<Cidr> out = new ArrayList<>();
        for (String c : Values.list(f.string(key, ""))) {
            try {
                out.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                f.problem(key, e.getMessage());
            }
        }
        return out;
    }

    /** Groups keys by account; {@code accounts.<name>.<field>} is read as {@code <name>.<field>}. */
    private static Map<String, Account> accounts(PropertiesFile f, EgressConfig.Policy policy) {
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        for (String key : f.keys()) {
            String k = key.startsWith("accounts.") ? key.substring("accounts.".length()) : key;
            int dot = k.indexOf('.');
            String name = dot > 0 ? k.substring(0, dot) : "";
            String field = dot > 0 ? k.substring(dot + 1) : "";
            if (!ACCOUNT_FIELDS.contains(field)) {
                f.problem(key, "unknown key (expected one of: " + ACCOUNT_KEYS + ")");
            } else if (!ACCOUNT_NAME.matcher(name).matches() || RESERVED.contains(name)) {
                f.problem(key, "'" + name + "' is not an account name (expected letters, digits, '-' or '_'; "
                        + "not anonymous or accounts)");
            } else if (fields.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(field, key) != null) {
                f.problem(key, "given twice (expected " + name + "." + field + " once)");
            }
        }
        Map<String, Account> out = new LinkedHashMap<>();
        Set<Cidr> taken = new HashSet<>();
        fields.forEach((name, keys) -> account(f, name, keys, policy, taken).ifPresent(a -> out.put(name, a)));
        return out;
    }

    private static Optional<Account> account(PropertiesFile f, String name, Map<String, String> keys,
                                             EgressConfig.Policy policy, Set<Cidr> taken) {
        int before = f.problemCount();
        String tierKey = keys.getOrDefault("tier", name + ".tier");
        Tier tier = Tier.FREE;
        Optional<String> tierText = keys.containsKey("tier") ? f.string(tierKey) : Optional.empty();
        if (tierText.isPresent()) {
            switch (tierText.get().toLowerCase(Locale.ROOT)) {
                case "free" -> tier = Tier.FREE;
                case "paid" -> tier = Tier.PAID;
                default -> f.problem(tierKey, "'" + tierText.get() + "' (expected free or paid)");
            }
        }
        Optional<String> token = Optional.empty();
        if (keys.containsKey("token")) {
            token = f.string(keys.get("token")).filter(t -> !t.isEmpty());
            if (token.isEmpty()) {
                f.problem(keys.get("token"), "empty (expected the account's secret)");
            }
        }
        List<Cidr> from = keys.containsKey("from") ? cidrs(f, keys.get("from")) : List.of();
        for (Cidr c : from) {
            if (!taken.add(c)) {
                f.problem(keys.get("from"), c + " is already given to another account (expected each range once)");
            }
        }
        if (token.isEmpty() && from.isEmpty() && f.problemCount() == before) {
            f.problem(name + ".token", "missing (expected a token, or from = the account's source addresses)");
        }
        Limits defaults = policy.tier(tier).limits();
        int tunnels = keys.containsKey("max.tunnels")
                ? f.integer(keys.get("max.tunnels"), defaults.maxTunnels(), 1, 1_000_000) : defaults.maxTunnels();
        double rate = keys.containsKey("rate")
                ? f.parsed(keys.get("rate"), EgressConfigParser::rate).orElse(defaults.rate()) : defaults.rate();
        if (f.problemCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Account(name, token, tier, from, new Limits(tunnels, rate)));
    }
}
