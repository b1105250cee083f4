package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.EgressConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions, without a channel: which destinations a tier may name, and which addresses anyone reaches. */
class PolicyTest {

    @TempDir
    Path dir;

    private final List<InetSocketAddress> listeners = List.of(new InetSocketAddress("127.0.0.1", 9090),
            new InetSocketAddress("0.0.0.0", 8080));

    private Policy policy(String policy) {
        EgressConfig c = Configs.parse(dir, "pypi.org\n*.pythonhosted.org\n127.0.0.1\n", "", policy);
        return new Policy(c, new OwnListeners(() -> listeners));
    }

    private static Caller caller(EgressConfig.Tier tier) {
        return new Caller("x", tier, new EgressConfig.Limits(1, 0), "token");
    }

    private static String before(Policy p, EgressConfig.Tier tier, String authority) {
        Verdict v = p.beforeLookup(caller(tier), Target.parse(authority, -1));
        return v.reason() == null ? "pass" : v.reason().label() + (v.enforced() ? "" : " (would deny)");
    }

    private static String after(Policy p, String authority, String... addresses) throws Exception {
        InetAddress[] a = new InetAddress[addresses.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = InetAddress.getByName(addresses[i]);
        }
        Verdict v = p.afterLookup(Target.parse(authority, -1), List.of(a));
        return v.reason() == null ? "pass" : v.reason().label() + " " + v.address();
    }

    @Test
    void freeReachesOnlyTheAllowlistPaidAnyName() {
        Policy p = policy("ports = 443, 80");
        EgressConfig.Tier free = EgressConfig.Tier.FREE;
        EgressConfig.Tier paid = EgressConfig.Tier.PAID;
        assertThat(before(p, free, "PyPI.org.:443")).isEqualTo("pass");
        assertThat(before(p, free, "files.pythonhosted.org:443")).isEqualTo("pass");
        assertThat(before(p, free, "pythonhosted.org:443")).isEqualTo("not_allowlisted");
        assertThat(before(p, free, "example.com:443")).isEqualTo("not_allowlisted");
        assertThat(before(p, free, "127.0.0.1:80")).isEqualTo("pass");
        assertThat(before(p, free, "2130706433:80")).isEqualTo("pass");
        assertThat(before(p, free, "8.8.8.8:80")).isEqualTo("address_not_listed");
        assertThat(before(p, free, "pypi.org:22")).isEqualTo("port");
        assertThat(before(p, free, "0x7g.1:80")).isEqualTo("invalid_host");
        assertThat(before(p, paid, "example.com:443")).isEqualTo("pass");
        assertThat(before(p, paid, "8.8.8.8:443")).isEqualTo("pass");
        assertThat(before(p, paid, "example.com:22")).isEqualTo("port");
    }

    @Test
    void reportModeLetsPolicyRefusalsThroughButNeverSafetyOnes() throws Exception {
        Policy p = policy("ports = 443\nfree.mode = report");
        assertThat(before(p, EgressConfig.Tier.FREE, "example.com:443")).isEqualTo("not_allowlisted (would deny)");
        assertThat(before(p, EgressConfig.Tier.FREE, "pypi.org:22")).isEqualTo("port (would deny)");
        assertThat(before(p, EgressConfig.Tier.FREE, "1.2.3.4.5:443")).isEqualTo("invalid_host");
        assertThat(before(p, EgressConfig.Tier.PAID, "pypi.org:22")).isEqualTo("port");
        assertThat(after(p, "example.com:443", "127.0.0.1")).isEqualTo("blocked_address 127.0.0.1");
    }

    @Test
    void everyResolvedAddressMustPass() throws Exception {
        Policy p = policy("ports = 443");
        assertThat(after(p, "example.com:443", "93.184.215.14")).isEqualTo("pass");
        assertThat(after(p, "example.com:443", "93.184.215.14", "10.0.0.1")).isEqualTo("blocked_address 10.0.0.1");
        assertThat(after(p, "localhost:443", "127.0.0.1", "::1")).isEqualTo("blocked_address 127.0.0.1");
        assertThat(after(p, "metadata:443", "169.254.169.254")).isEqualTo("blocked_address 169.254.169.254");
        assertThat(after(p, "[::ffff:127.0.0.1]:443", "127.0.0.1")).isEqualTo("blocked_address ::ffff:7f00:1");
    }

    @Test
    void allowRangesAreExceptionsButNotForTheProxysOwnListeners() throws Exception {
        Policy p = policy("ports = 443, 8080, 9090\nallow.ranges = 127.0.0.0/8, 10.1.2.0/24");
        assertThat(after(p, "localhost:443", "127.0.0.1")).isEqualTo("pass");
        assertThat(after(p, "internal:443", "10.1.2.3")).isEqualTo("pass");
        assertThat(after(p, "internal:443", "10.1.3.3")).isEqualTo("blocked_address 10.1.3.3");
        assertThat(after(p, "localhost:9090", "127.0.0.1")).isEqualTo("own_listener 127.0.0.1");
        assertThat(after(p, "127.0.0.1:9090", "127.0.0.1")).isEqualTo("own_listener 127.0.0.1");
        assertThat(after(p, "x:9090", "127.0.0.2")).isEqualTo("pass"); // that listener is bound to 127.0.0.1 only
        assertThat(after(p, "x:8080", "127.0.0.2")).isEqualTo("own_listener 127.0.0.2"); // wildcard-bound
        assertThat(after(p, "[::ffff:127.0.0.1]:443", "127.0.0.1")).isEqualTo("blocked_address ::ffff:7f00:1");
    }
}
