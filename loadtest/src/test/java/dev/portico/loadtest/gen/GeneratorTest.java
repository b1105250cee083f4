package dev.portico.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.app.SimulatedApp;
import dev.portico.loadtest.app.SimulatedApps;
import dev.portico.loadtest.peer.Certificates;
import dev.portico.loadtest.testing.StallingServer;
import dev.portico.loadtest.testing.SystemDeps;
import dev.portico.loadtest.testing.TlsServer;
import dev.portico.loadtest.testing.TunnelServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GeneratorTest {

    private static Generator generator;
    private SimulatedApps apps;

    @BeforeAll
    static void startGenerator() {
        generator = new Generator(1, null);
    }

    @AfterAll
    static void stopGenerator() {
        generator.close();
    }

    @AfterEach
    void stopApps() {
        if (apps != null) {
            apps.close();
        }
    }

    private SimulatedApp app(String spec) throws Exception {
        apps = SimulatedApps.start(List.of(AppSpec.parse(spec)), 1);
        return apps.apps().get(0);
    }

    private static FlowResult run(Target target, Plan plan) throws InterruptedException {
        return generator.run(List.of(new Workload("t", target, plan))).get(0);
    }

    @Test
    void openLoopSendsAtItsRate() throws Exception {
        SimulatedApp app = app("http://127.0.0.1:0 workers=4 service=fixed:0 name=fast");
        FlowResult r = run(Target.http(app.uri().port(), "fast.test", "/"), Plan.open(200, 4, Duration.ofSeconds(1)));
        assertThat(r.sent()).isBetween(199L, 201L);
        assertThat(r.statuses()).containsOnlyKeys("200");
        assertThat(r.count("200")).isEqualTo(r.sent());
        assertThat(r.answered()).isEqualTo(app.pool().served());
        assertThat(r.rps()).isBetween(190.0, 210.0);
        assertThat(r.latency().count()).isEqualTo(r.sent());
        assertThat(r.latency().p50()).isLessThan(100.0);
        assertThat(app.accepted()).as("keep-alive: the 4 connections only").isEqualTo(4);
    }

    @Test
    void aStallIsChargedToEveryRequestThatWaitedForIt() throws Exception {
        try (StallingServer server = new StallingServer(500)) {
            FlowResult r = run(Target.http(server.port(), "stall.test", "/"),
                    Plan.open(200, 1, Duration.ofMillis(1500)));
            assertThat(r.count("200")).isBetween(298L, 302L);
            // ~100 requests were due during the 500 ms stall: from their intended times they waited up to
            // 500 ms; from their actual writes (after the stall) they took next to nothing.
            assertThat(r.latency().p90()).isGreaterThan(200.0);
            assertThat(r.latency().max()).isGreaterThan(480.0);
            assertThat(r.serviceLatency().p90()).isLessThan(50.0);
            assertThat(r.serviceLatency().max()).isGreaterThan(480.0);
        }
    }

    @Test
    void closedLoopKeepsEachConnectionBusy() throws Exception {
        SimulatedApp app = app("http://127.0.0.1:0 workers=2 service=fixed:20ms name=slow");
        FlowResult r = run(Target.http(app.uri().port(), "slow.test", "/"), Plan.closed(2, Duration.ofSeconds(1)));
        // two connections, 20 ms each: at most 100 answers a second
        assertThat(r.count("200")).isBetween(60L, 102L);
        assertThat(r.latency().p50()).isGreaterThanOrEqualTo(20.0);
        assertThat(app.pool().served()).isEqualTo(r.answered());
    }

    @Test
    void aNewConnectionPerRequest() throws Exception {
        SimulatedApp app = app("http://127.0.0.1:0 workers=4 service=fixed:0 name=fast");
        FlowResult r = run(Target.http(app.uri().port(), "fast.test", "/"),
                Plan.open(50, 4, Duration.ofSeconds(1)).newConnections());
        assertThat(r.count("200")).isBetween(49L, 51L);
        assertThat(app.accepted()).isEqualTo(r.count("200"));
    }

    @Test
    void slowAnswersTimeOut() throws Exception {
        SimulatedApp app = app("http://127.0.0.1:0 workers=4 service=fixed:2s name=hung");
        FlowResult r = run(Target.http(app.uri().port(), "hung.test", "/"),
                Plan.open(10, 4, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(300)));
        assertThat(r.statuses()).doesNotContainKey("200");
        assertThat(r.count("timeout")).isBetween(9L, 11L);
        assertThat(r.latency().p50()).isBetween(290.0, 450.0);
    }

    @Test
    void refusedConnectionsAreCountedAndTheRunStillEnds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        FlowResult r = run(Target.http(port, "nobody.test", "/"), Plan.open(20, 2, Duration.ofMillis(500)));
        assertThat(r.count("connect")).isGreaterThan(0);
        assertThat(r.answered()).isZero();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10.0);
    }

    @Test
    void httpsWithEitherEngineSendsSniAndTrustsTheCa(@TempDir Path dir) throws Exception {
        SystemDeps.require("openssl", "openssl");
        Certificates certs = Certificates.make(dir, dir.resolve("certs"), "bench", List.of("bench.test"));
        try (TlsServer server = new TlsServer(certs.cert(), certs.key())) {
            for (String provider : List.of("jdk", "openssl")) {
                Target t = Target.http(server.port(), "bench.test", "/").withTls(new Target.Tls(certs.ca(), provider, true));
                int before = server.handshakes();
                FlowResult keepAlive = run(t, Plan.closed(2, Duration.ofMillis(500)));
                server.awaitNoConnections(Duration.ofSeconds(5));
                assertThat(keepAlive.count("200")).as(provider).isGreaterThan(10);
                assertThat(keepAlive.failures()).as(provider).isZero();
                assertThat(server.handshakes() - before).as(provider + ": keep-alive, one handshake per connection")
                        .isEqualTo(2);
                Target full = t.withTls(new Target.Tls(certs.ca(), provider, false));
                before = server.handshakes();
                FlowResult fresh = run(full, Plan.closed(2, Duration.ofMillis(500)).newConnections());
                server.awaitNoConnections(Duration.ofSeconds(5));
                assertThat(fresh.count("200")).as(provider).isGreaterThan(2);
                assertThat(fresh.failures()).as(provider + ": a connection the run's end cuts carried no request")
                        .isZero();
                // A handshake per answered request, plus at most one per worker for a connection the run's end cut
                // between its handshake and its answer.
                assertThat(server.handshakes() - before).as(provider + ": a handshake per request")
                        .isBetween((int) fresh.count("200"), (int) fresh.count("200") + 2);
            }
            assertThat(server.sniNames()).containsExactly("bench.test");
        }
    }

    @Test
    void theOfferedKeyExchangeGroupsReachTheHandshake(@TempDir Path dir) throws Exception {
        SystemDeps.require("openssl", "openssl");
        Certificates certs = Certificates.make(dir, dir.resolve("certs"), "bench", List.of("bench.test"));
        // Like nginx on OpenSSL 3.0: X25519, no post-quantum hybrid.
        try (TlsServer server = new TlsServer(certs.cert(), certs.key(), "X25519")) {
            Target t = Target.http(server.port(), "bench.test", "/");
            FlowResult classic = run(t.withTls(new Target.Tls(certs.ca(), "openssl", false, "X25519")),
                    Plan.closed(1, Duration.ofMillis(300)).newConnections());
            assertThat(classic.count("200")).isGreaterThan(0);
            assertThat(classic.failures()).isZero();
            FlowResult hybridOnly = run(t.withTls(new Target.Tls(certs.ca(), "openssl", false, "X25519MLKEM768")),
                    Plan.open(10, 1, Duration.ofMillis(300)));
            assertThat(hybridOnly.count("tls")).isGreaterThan(0);
            assertThat(hybridOnly.statuses()).doesNotContainKey("200");
        }
        assertThatThrownBy(() -> new Target.Tls(certs.ca(), "jdk", false, "X25519"))
                .hasMessageContaining("need the openssl provider");
    }

    @Test
    void aCaThatDidNotSignTheServerFailsTheHandshake(@TempDir Path dir) throws Exception {
        SystemDeps.require("openssl", "openssl");
        Certificates real = Certificates.make(dir.resolve("a"), dir.resolve("a/certs"), "bench", List.of("bench.test"));
        Certificates other = Certificates.make(dir.resolve("b"), dir.resolve("b/certs"), "bench", List.of("bench.test"));
        try (TlsServer server = new TlsServer(real.cert(), real.key())) {
            Target t = Target.http(server.port(), "bench.test", "/").withTls(new Target.Tls(other.ca(), "openssl", true));
            FlowResult r = run(t, Plan.open(10, 1, Duration.ofMillis(300)));
            assertThat(r.count("tls")).isGreaterThan(0);
            assertThat(r.statuses()).doesNotContainKey("200");
        }
    }

    @Test
    void throughAConnectTunnel() throws Exception {
        SimulatedApp app = app("http://127.0.0.1:0 workers=4 service=fixed:0 name=far");
        try (TunnelServer proxy = new TunnelServer("alice", "s3cret")) {
            Target t = Target.http(app.uri().port(), "far.test", "/bytes/10000")
                    .withTunnel(new Target.Tunnel("127.0.0.1", proxy.port(), "alice:s3cret"));
            FlowResult r = run(t, Plan.closed(2, Duration.ofMillis(500)));
            assertThat(r.count("200")).isGreaterThan(5);
            assertThat(r.failures()).isZero();
            assertThat(proxy.tunnels()).isEqualTo(2);
            assertThat(r.mbPerSecond()).isGreaterThan(0);
            assertThat(app.pool().served()).isEqualTo(r.answered());

            FlowResult refused = run(t.withTunnel(new Target.Tunnel("127.0.0.1", proxy.port(), "alice:wrong")),
                    Plan.open(10, 1, Duration.ofMillis(300)));
            assertThat(refused.count("proxy_407")).isGreaterThan(0);
            assertThat(refused.statuses()).doesNotContainKey("200");
        }
    }
}
