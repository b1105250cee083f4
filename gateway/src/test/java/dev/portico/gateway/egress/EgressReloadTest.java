package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.testing.RawHttp;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The egress folder reloads while the gateway runs: a new policy applies to the next request, tunnels
 * already open keep going, a folder that does not validate changes nothing, and report mode lets the
 * free tier through while logging what a stricter list would refuse.
 */
class EgressReloadTest {

    private static final String ACCOUNTS = "alice.token = a-secret\n";

    EchoServer echo;
    KeepAliveOrigin origin;
    EgressGateway g;
    AuditCapture audit;
    String policy;

    @BeforeEach
    void start() throws Exception {
        echo = new EchoServer();
        origin = new KeepAliveOrigin();
        audit = new AuditCapture();
        policy = "anonymous = deny\nallow.ranges = 127.0.0.0/8\nports = " + echo.port() + ", " + origin.port() + "\n";
        g = EgressGateway.start("localhost\n", ACCOUNTS, policy);
    }

    @AfterEach
    void stop() throws Exception {
        g.close();
        echo.close();
        origin.close();
        audit.close();
    }

    private int get(String host) {
        return RawHttp.status(ProxyClient.get(g.port(), "http://" + host + ":" + origin.port() + "/",
                ProxyClient.basic("alice", "a-secret")));
    }

    @Test
    void anAllowlistEditAppliesToTheNextRequestAndOpenTunnelsKeepGoing() throws Exception {
        assertThat(get("127.0.0.1")).isEqualTo(403);
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + echo.port(),
                ProxyClient.basic("alice", "a-secret"))) {
            assertThat(t.status()).isEqualTo(200);
            g.edit("allowlist.txt", "127.0.0.1\n"); // localhost is no longer listed
            assertThat(get("127.0.0.1")).isEqualTo(200);
            assertThat(get("localhost")).isEqualTo(403);
            try (ProxyClient.Tunnel refused = ProxyClient.connect(g.port(), "localhost:" + echo.port(),
                    ProxyClient.basic("alice", "a-secret"))) {
                assertThat(refused.status()).isEqualTo(403);
            }
            OutputStream out = t.socket().getOutputStream();
            InputStream in = t.socket().getInputStream();
            out.write("still open after the reload".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(27), StandardCharsets.US_ASCII)).isEqualTo("still open after the reload");
        }
        assertThat(g.metrics()).contains("portico_config_reloads_total{result=\"success\"} 1.0");
    }

    @Test
    void accountsAndPolicyReloadToo() throws Exception {
        assertThat(RawHttp.status(ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/",
                ProxyClient.basic("bob", "b-secret")))).isEqualTo(407);
        g.edit("accounts.properties", ACCOUNTS + "bob.token = b-secret\nbob.tier = paid\n");
        assertThat(RawHttp.status(ProxyClient.get(g.port(), "http://127.0.0.1:" + origin.port() + "/",
                ProxyClient.basic("bob", "b-secret")))).isEqualTo(200);
        g.edit("policy.properties", policy.replace("allow.ranges = 127.0.0.0/8\n", ""));
        assertThat(get("localhost")).isEqualTo(403);
    }

    @Test
    void aFolderThatDoesNotValidateChangesNothing() throws Exception {
        g.folder.write("egress/allowlist.txt", "127.0.0.1\nnot a host\n");
        assertThatThrownBy(() -> g.gateway.reload()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("egress/allowlist.txt:line 2");
        assertThat(get("localhost")).isEqualTo(200);
        assertThat(get("127.0.0.1")).isEqualTo(403);
        assertThat(g.metrics()).contains("portico_config_reloads_total{result=\"failure\"} 1.0");
    }

    @Test
    void reportModeAllowsButLogsWhatWouldBeDenied() throws Exception {
        g.edit("policy.properties", policy + "free.mode = report\n");
        assertThat(get("127.0.0.1")).isEqualTo(200); // not listed: allowed, reported
        String line = audit.line("decision=would_deny");
        assertThat(line).contains("account=alice", "tier=free", "host=127.0.0.1", "reason=address_not_listed",
                "status=200");
        assertThat(g.metrics()).contains("portico_egress_requests_total{decision=\"would_deny\",tier=\"free\"} 1.0");
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "127.0.0.1:" + echo.port(),
                ProxyClient.basic("alice", "a-secret"))) {
            assertThat(t.status()).isEqualTo(200);
        }
        assertThat(audit.line("method=CONNECT", "decision=would_deny")).contains("reason=address_not_listed");
        // safety refusals are never only reported
        g.edit("policy.properties", policy.replace("allow.ranges = 127.0.0.0/8\n", "") + "free.mode = report\n");
        assertThat(get("localhost")).isEqualTo(403);
        assertThat(echo.connections()).isEqualTo(1);
    }
}
