package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TcpCanary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of refusal, by CONNECT and by absolute-form GET, as a client sees it (403 egress_denied, a
 * text naming the host, the reason and how to ask), with a canary listener on the destination port
 * proving that no connection was even attempted. No allow.ranges here: loopback is what it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressRefusalTest {

    private static final String HELP = "Ask in #platform-egress.";

    TcpCanary canary;
    EgressGateway g;
    AuditCapture audit;

    @BeforeAll
    void start() throws Exception {
        canary = new TcpCanary(TcpCanary.Mode.ANSWER_200);
        audit = new AuditCapture();
        g = EgressGateway.start("localhost\n*.allowed.test\n",
                "alice.token = a-secret\nalice.tier = free\nbob.token = b-secret\nbob.tier = paid\n",
                "anonymous = free\nports = 80, 443, " + canary.port() + "\nhelp = " + HELP + "\n");
    }

    @AfterAll
    void stop() throws Exception {
        g.close();
        canary.close();
        audit.close();
    }

    @AfterEach
    void nothingReachedTheCanary() {
        assertThat(canary.connections()).as("connections to the destination").isZero();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "localhost              | bob   | blocked_address | localhost resolves to 127.0.0.1, which is a blocked address (loopback)",
        "LocalHost.             | bob   | blocked_address | localhost resolves to 127.0.0.1, which is a blocked address (loopback)",
        "localhost              | alice | blocked_address | is a blocked address (loopback)",
        "localhost              | -     | blocked_address | is a blocked address (loopback)",
        "127.0.0.1              | bob   | blocked_address | 127.0.0.1 is a blocked address (loopback)",
        "2130706433             | bob   | blocked_address | 127.0.0.1 is a blocked address (loopback)",
        "0x7f.1                 | bob   | blocked_address | 127.0.0.1 is a blocked address (loopback)",
        "0177.0.0.1             | bob   | blocked_address | 127.0.0.1 is a blocked address (loopback)",
        "127.1                  | bob   | blocked_address | 127.0.0.1 is a blocked address (loopback)",
        "0x7f000001             | bob   | blocked_address | 127.0.0.1 is a blocked address (loopback)",
        "[::1]                  | bob   | blocked_address | [::1] is a blocked address (loopback)",
        "[::ffff:127.0.0.1]     | bob   | blocked_address | [::ffff:7f00:1] is a blocked address (ipv4 mapped)",
        "[::ffff:7f00:1]        | bob   | blocked_address | [::ffff:7f00:1] is a blocked address (ipv4 mapped)",
        "[::127.0.0.1]          | bob   | blocked_address | [::7f00:1] is a blocked address (ipv4 compatible)",
        "[64:ff9b::127.0.0.1]   | bob   | blocked_address | (nat64)",
        "169.254.169.254        | bob   | blocked_address | 169.254.169.254 is a blocked address (link local)",
        "0xa9fea9fe             | bob   | blocked_address | 169.254.169.254 is a blocked address (link local)",
        "10.0.0.1               | bob   | blocked_address | (private)",
        "172.16.0.1             | bob   | blocked_address | (private)",
        "192.168.0.1            | bob   | blocked_address | (private)",
        "100.64.0.1             | bob   | blocked_address | (cgnat)",
        "0.0.0.0                | bob   | blocked_address | (unspecified)",
        "0                      | bob   | blocked_address | (unspecified)",
        "224.0.0.1              | bob   | blocked_address | (multicast)",
        "255.255.255.255        | bob   | blocked_address | (broadcast)",
        "192.0.2.1              | bob   | blocked_address | (documentation)",
        "198.18.0.1             | bob   | blocked_address | (benchmarking)",
        "[::]                   | bob   | blocked_address | (unspecified)",
        "[fe80::1]              | bob   | blocked_address | (link local)",
        "[fd00::1]              | bob   | blocked_address | (unique local)",
        "[ff02::1]              | bob   | blocked_address | (multicast)",
        "1.2.3.4.5              | bob   | invalid_host    | numeric, but not a valid IPv4 address",
        "0x7g.1                 | bob   | invalid_host    | not a valid IPv4 address",
        "unlisted.test          | alice | not_allowlisted | unlisted.test is not on the allowlist of the free tier",
        "allowed.test           | alice | not_allowlisted | allowed.test is not on the allowlist of the free tier",
        "unlisted.test          | -     | not_allowlisted | unlisted.test is not on the allowlist of the free tier",
        "127.0.0.1              | alice | address_not_listed | reaches an address only when the allowlist names",
        "2130706433             | -     | address_not_listed | reaches an address only when the allowlist names",
    })
    void refusedByConnectAndByGet(String host, String who, String reason, String explanation) throws Exception {
        String authority = host + ":" + canary.port();
        String auth = who.equals("-") ? null : ProxyClient.basic(who, who.equals("bob") ? "b-secret" : "a-secret");
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), authority, auth)) {
            assertRefusal(t.answer(), authority, explanation);
        }
        assertRefusal(ProxyClient.get(g.port(), "http://" + authority + "/x", auth), authority, explanation);
        String line = audit.line("host=" + Target.parse(authority, -1).hostText() + " ",
                "account=" + (who.equals("-") ? "anonymous" : who) + " ", "method=GET", "port=" + canary.port() + " ");
        assertThat(line).contains("decision=denied", "reason=" + reason + " ", "status=403");
    }

    private static void assertRefusal(String answer, String authority, String explanation) {
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(403);
        assertThat(answer.toLowerCase()).contains("x-portico-failure: egress_denied", "content-type: text/plain");
        assertThat(answer).contains("Destination: ", ":" + authority.substring(authority.lastIndexOf(':') + 1),
                explanation, HELP);
    }

    @Test
    void portsNotInTheListAreRefusedForEveryTier() {
        for (String auth : new String[] {ProxyClient.basic("bob", "b-secret"), ProxyClient.basic("alice", "a-secret")}) {
            try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:22", auth)) {
                assertThat(t.status()).isEqualTo(403);
                assertThat(t.answer()).contains("Port 22 is not one of the destination ports the egress proxy allows "
                        + "(80, 443, " + canary.port() + ")");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void theProxysOwnListenersAreRefusedEvenWhenAllowRangesAndPortsPermitThem() throws Exception {
        int admin = g.gateway.port(Gateway.ADMIN);
        int http = g.gateway.port(Gateway.HTTP);
        String policy = "anonymous = free\nallow.ranges = 127.0.0.0/8\nports = " + admin + ", " + http + ", "
                + g.port() + ", " + canary.port() + "\n";
        g.edit("policy.properties", policy);
        try {
            for (int port : new int[] {admin, http, g.port()}) {
                String answer = ProxyClient.get(g.port(), "http://127.0.0.1:" + port + "/metrics",
                        ProxyClient.basic("bob", "b-secret"));
                assertThat(RawHttp.status(answer)).as(answer).isEqualTo(403);
                assertThat(answer).contains("127.0.0.1 is one of this proxy's own listeners (port " + port + ")");
                try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + port,
                        ProxyClient.basic("bob", "b-secret"))) {
                    assertThat(t.status()).isEqualTo(403);
                    assertThat(t.answer()).contains("one of this proxy's own listeners");
                }
            }
            assertThat(audit.line("reason=own_listener", "port=" + admin)).contains("decision=denied");
        } finally {
            g.edit("policy.properties", "anonymous = free\nports = 80, 443, " + canary.port() + "\nhelp = " + HELP + "\n");
        }
    }

    @Test
    void badCredentialsAre407WithAChallenge() {
        for (String auth : new String[] {ProxyClient.basic("bob", "wrong"), ProxyClient.basic("mallory", "b-secret"),
                "Bearer b-secret"}) {
            String answer = ProxyClient.get(g.port(), "http://localhost:" + canary.port() + "/", auth);
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(407);
            assertThat(answer.toLowerCase()).contains("proxy-authenticate: basic realm=\"portico egress\"",
                    "x-portico-failure: egress_auth_required");
            try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + canary.port(), auth)) {
                assertThat(t.status()).isEqualTo(407);
                assertThat(t.answer().toLowerCase()).contains("proxy-authenticate: basic");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(audit.line("decision=auth_required")).contains("tier=none", "status=407");
    }

    @Test
    void requestsThatAreNoProxyRequestsAre400() {
        String originForm = RawHttp.exchange(g.port(), "GET /path HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000);
        assertThat(RawHttp.status(originForm)).isEqualTo(400);
        assertThat(originForm).contains("This is the egress proxy: send absolute-form requests");
        String https = RawHttp.exchange(g.port(), "GET https://localhost/ HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000);
        assertThat(https).contains("through a CONNECT tunnel");
        String noPort = RawHttp.exchange(g.port(), "CONNECT localhost HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000);
        assertThat(RawHttp.status(noPort)).isEqualTo(400);
        assertThat(noPort).contains("no port (expected host:port");
        String userinfo = RawHttp.exchange(g.port(), "GET http://u:p@localhost/ HTTP/1.1\r\nHost: x\r\n\r\n", 5000);
        assertThat(userinfo).contains("credentials go in the Proxy-Authorization header");
    }

    @Test
    void decisionsAreCountedByTierAndDecision() {
        ProxyClient.get(g.port(), "http://unlisted.test:" + canary.port() + "/", null);
        assertThat(g.metrics()).containsPattern("portico_egress_requests_total\\{decision=\"denied\",tier=\"free\"} "
                + "[1-9]");
    }
}
