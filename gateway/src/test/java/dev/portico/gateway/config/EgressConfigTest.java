package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portico.gateway.config.EgressConfig.Limits;
import dev.portico.gateway.config.EgressConfig.Tier;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryKey() throws Exception {
        TestFolder f = new TestFolder(dir).gateway("listen.egress", "127.0.0.1:0");
        f.write("egress/allowlist.txt", """
                # the free tier's destinations
                PyPI.org.
                *.pythonhosted.org   # wheels
                203.0.113.7
                [2001:db8::7]
                bücher.example
                """);
        f.write("egress/accounts.properties", """
                alice.token = a-secret
                alice.tier = free
                bob.token = b-secret
                bob.tier = PAID
                bob.max.tunnels = 5
                bob.rate = 2.5
                sandbox.from = 10.20.0.0/16, 10.21.0.0/16
                accounts.ci.from = 10.30.0.0/16
                accounts.ci.tier = paid
                """);
        f.write("egress/policy.properties", """
                anonymous = free
                ports = 80, 443, 8443
                allow.ranges = 10.1.2.0/24, fd00::/8
                free.mode = report
                free.max.tunnels = 3
                free.rate = 7
                paid.max.tunnels = 9
                paid.rate = 0
                timeout.dns = 2s
                timeout.connect = 3s
                timeout.response = 4s
                timeout.idle = 5m
                help = Ask in #platform.
                """);
        EgressConfig e = new ConfigFolder(f.dir()).load().egress().orElseThrow();
        assertThat(e.allowlist().names()).containsExactlyInAnyOrder("pypi.org", "xn--bcher-kva.example");
        assertThat(e.allowlist().suffixes()).containsExactly("pythonhosted.org");
        assertThat(e.allowlist().addresses()).containsExactlyInAnyOrder("203.0.113.7", "2001:db8::7");
        assertThat(e.allowlist().permits(HostForm.parse("files.pythonhosted.org"))).isTrue();
        assertThat(e.allowlist().permits(HostForm.parse("a.b.pythonhosted.org"))).isTrue();
        assertThat(e.allowlist().permits(HostForm.parse("pythonhosted.org"))).isFalse();
        assertThat(e.allowlist().permits(HostForm.parse("evilpythonhosted.org"))).isFalse();
        assertThat(e.allowlist().permits(HostForm.parse("3405803783"))).isTrue(); // 203.0.113.7
        assertThat(e.accounts()).containsOnlyKeys("alice", "bob", "sandbox", "ci");
        assertThat(e.accounts().get("alice").tier()).isEqualTo(Tier.FREE);
        assertThat(e.accounts().get("alice").limits()).isEqualTo(new Limits(3, 7));
        assertThat(e.accounts().get("bob").tier()).isEqualTo(Tier.PAID);
        assertThat(e.accounts().get("bob").limits()).isEqualTo(new Limits(5, 2.5));
        assertThat(e.accounts().get("sandbox").token()).isEmpty();
        assertThat(e.accounts().get("sandbox").from()).extracting(Cidr::toString)
                .containsExactly("10.20.0.0/16", "10.21.0.0/16");
        assertThat(e.accounts().get("ci").tier()).isEqualTo(Tier.PAID);
        assertThat(e.accounts().get("ci").limits()).isEqualTo(new Limits(9, 0));
        assertThat(e.accounts().get("bob").toString()).doesNotContain("b-secret");
        EgressConfig.Policy p = e.policy();
        assertThat(p.anonymous()).contains(Tier.FREE);
        assertThat(p.ports()).containsExactly(80, 443, 8443);
        assertThat(p.allowRanges()).extracting(Cidr::toString).containsExactly("10.1.2.0/24", "fd00:0:0:0:0:0:0:0/8");
        assertThat(p.free().report()).isTrue();
        assertThat(p.paid().report()).isFalse();
        assertThat(p.timeouts()).isEqualTo(new EgressConfig.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofMinutes(5)));
        assertThat(p.help()).isEqualTo("Ask in #platform.");
    }

    @Test
    void anEmptyFolderDeniesEverythingByDefault() throws Exception {
        TestFolder f = new TestFolder(dir).gateway("listen.egress", "127.0.0.1:0");
        f.write("egress/.keep", "");
        EgressConfig e = new ConfigFolder(f.dir()).load().egress().orElseThrow();
        assertThat(e.accounts()).isEmpty();
        assertThat(e.allowlist().size()).isZero();
        assertThat(e.policy().anonymous()).isEmpty();
        assertThat(e.policy().ports()).containsExactly(80, 443);
        assertThat(e.policy().allowRanges()).isEmpty();
        assertThat(e.policy().free()).isEqualTo(new EgressConfig.TierPolicy(false, new Limits(32, 20)));
        assertThat(e.policy().paid()).isEqualTo(new EgressConfig.TierPolicy(false, new Limits(256, 200)));
        assertThat(e.policy().timeouts().connect()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutListenEgressTheFolderIsOptional() throws Exception {
        assertThat(new ConfigFolder(new TestFolder(dir).dir()).load().egress()).isEqualTo(Optional.empty());
    }

    @Test
    void listenEgressWithoutTheFolderIsAProblem() {
        TestFolder f = new TestFolder(dir).gateway("listen.egress", "127.0.0.1:0");
        assertThat(problems(f)).containsExactly("egress: missing (expected a folder with allowlist.txt, "
                + "accounts.properties and policy.properties when listen.egress is set)");
    }

    @Test
    void everyMistakeIsReportedWithFileAndKeyOrLine() {
        TestFolder f = new TestFolder(dir);
        f.write("egress/allowlist.txt", "ok.example\nexa mple.com\n*.10.0.0.1\n1.2.3.4.5\nok.example\n");
        f.write("egress/accounts.properties", """
                alice.tier = gold
                alice.toekn = x
                bob.tier = paid
                carol.token =
                dave.from = 10.0.0.0/33
                erin.from = 10.20.0.0/16
                frank.from = 10.20.0.0/16
                anonymous.token = x
                gina.token = g
                gina.max.tunnels = 0
                gina.rate = fast
                """);
        f.write("egress/policy.properties", """
                anonymous = paid
                ports = 80, 0, http
                allow.ranges = everything
                free.mode = loose
                timeout.dns = soon
                tiemout.idle = 5m
                """);
        assertThat(problems(f)).containsExactly(
                "egress/accounts.properties:alice.tier: 'gold' (expected free or paid)",
                "egress/accounts.properties:alice.toekn: unknown key (expected one of: <account>.token, "
                        + "<account>.tier, <account>.from, <account>.max.tunnels, <account>.rate)",
                "egress/accounts.properties:anonymous.token: 'anonymous' is not an account name (expected "
                        + "letters, digits, '-' or '_'; not anonymous or accounts)",
                "egress/accounts.properties:bob.token: missing (expected a token, or from = the account's "
                        + "source addresses)",
                "egress/accounts.properties:carol.token: empty (expected the account's secret)",
                "egress/accounts.properties:dave.from: '10.0.0.0/33': prefix (expected 0..32)",
                "egress/accounts.properties:frank.from: 10.20.0.0/16 is already given to another account "
                        + "(expected each range once)",
                "egress/accounts.properties:gina.max.tunnels: 0 (expected 1..1000000)",
                "egress/accounts.properties:gina.rate: 'fast' (expected requests per second, such as 20; 0 = no cap)",
                "egress/allowlist.txt:line 2: 'exa mple.com' (expected one entry a line)",
                "egress/allowlist.txt:line 3: '*.10.0.0.1' (expected a wildcard over a domain, such as "
                        + "*.example.com; list addresses one by one)",
                "egress/allowlist.txt:line 4: '1.2.3.4.5': numeric, but not a valid IPv4 address (expected a host "
                        + "name such as example.com, or an IP address)",
                "egress/allowlist.txt:line 5: 'ok.example' is listed twice (expected once)",
                "egress/policy.properties:allow.ranges: 'everything' (expected an IP range such as 10.0.0.0/8)",
                "egress/policy.properties:anonymous: 'paid' (expected free or deny)",
                "egress/policy.properties:free.mode: 'loose' (expected enforce or report)",
                "egress/policy.properties:ports: '0' (expected port numbers 1..65535, such as 80, 443)",
                "egress/policy.properties:ports: 'http' (expected port numbers 1..65535, such as 80, 443)",
                "egress/policy.properties:tiemout.idle: unknown key (expected one of: " + EgressConfigParser.POLICY_KEYS
                        + ")",
                "egress/policy.properties:timeout.dns: 'soon' (expected a duration such as 250ms, 5s, 2m, 1h or 7d)");
    }

    private static List<String> problems(TestFolder f) {
        ConfigException e = catchThrowableOfType(() -> new ConfigFolder(f.dir()).load(), ConfigException.class);
        assertThat(e).as("the folder should not validate").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
