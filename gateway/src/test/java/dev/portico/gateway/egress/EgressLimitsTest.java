package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.gateway.testing.RawHttp;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Per-account limits (connections at once, requests a second) and identification by source address. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressLimitsTest {

    EchoServer echo;
    KeepAliveOrigin origin;
    EgressGateway g;
    AuditCapture audit;
    ExecutorService pool = Executors.newFixedThreadPool(20);

    @BeforeAll
    void start() throws Exception {
        echo = new EchoServer();
        origin = new KeepAliveOrigin();
        audit = new AuditCapture();
        g = EgressGateway.start("localhost\n", """
                two.token = t-secret
                two.tier = paid
                two.max.tunnels = 2
                slow.token = s-secret
                slow.rate = 3
                sandbox.from = 127.0.0.1/32
                """, "anonymous = deny\nallow.ranges = 127.0.0.0/8\npaid.rate = 0\nports = " + echo.port() + ", "
                + origin.port() + "\n");
    }

    @AfterAll
    void stop() throws Exception {
        g.close();
        echo.close();
        origin.close();
        audit.close();
        pool.shutdownNow();
    }

    @Test
    void anAccountHoldsAtMostMaxTunnelsConnections() throws Exception {
        String two = ProxyClient.basic("two", "t-secret");
        List<ProxyClient.Tunnel> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                open.add(ProxyClient.connect(g.port(), "localhost:" + echo.port(), two));
                assertThat(open.get(i).status()).isEqualTo(200);
            }
            try (ProxyClient.Tunnel third = ProxyClient.connect(g.port(), "localhost:" + echo.port(), two)) {
                assertThat(third.status()).isEqualTo(429);
                assertThat(third.answer().toLowerCase()).contains("x-portico-failure: egress_rate_limited",
                        "retry-after: 1");
                assertThat(third.answer()).contains("Account two may hold 2 connections at once (max.tunnels)");
            }
            String plain = ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/", two);
            assertThat(RawHttp.status(plain)).as("a plain request needs a slot too").isEqualTo(429);
            assertThat(audit.line("account=two", "reason=max_tunnels")).contains("decision=rate_limited", "status=429");
            // the open tunnels still work
            open.get(0).socket().getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(open.get(0).socket().getInputStream().read()).isEqualTo('x');
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (ProxyClient.Tunnel again = ProxyClient.connect(g.port(), "localhost:" + echo.port(), two)) {
                    return again.status() == 200;
                }
            });
        } finally {
            for (ProxyClient.Tunnel t : open) {
                t.close();
            }
        }
    }

    @Test
    void anAccountMakesAtMostRateRequestsASecond() throws Exception {
        String slow = ProxyClient.basic("slow", "s-secret");
        long t0 = System.nanoTime();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(CompletableFuture.supplyAsync(
                    () -> ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/", slow), pool));
        }
        List<String> all = answers.stream().map(CompletableFuture::join).toList();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long ok = all.stream().filter(a -> RawHttp.status(a) == 200).count();
        List<String> limited = all.stream().filter(a -> RawHttp.status(a) == 429).toList();
        assertThat(ok + limited.size()).isEqualTo(20);
        assertThat(ok).as("a burst of 3, and 3 more each second (%.1f s)", seconds)
                .isBetween(3L, 3 + (long) Math.ceil(3 * seconds));
        assertThat(limited.get(0)).contains("Account slow may make 3 requests a second (rate)");
        Thread.sleep(1100);
        assertThat(RawHttp.status(ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/", slow)))
                .isEqualTo(200);
    }

    @Test
    void aSourceRangeIdentifiesClientsWithoutCredentials() throws Exception {
        String answer = ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/", null);
        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(audit.line("account=sandbox", "decision=allowed")).contains("tier=free", "client=127.0.0.1");
        // from elsewhere, the same request needs credentials
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), g.port(), InetAddress.getByName("127.0.0.2"), 0)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET http://localhost:" + origin.port() + "/ HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String refused = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(RawHttp.status(refused)).isEqualTo(407);
            assertThat(refused).contains("This proxy needs credentials");
            assertThat(refused.toLowerCase()).contains("proxy-authenticate: basic");
        }
        assertThat(audit.line("client=127.0.0.2", "decision=auth_required")).contains("account=-", "tier=none");
    }
}
