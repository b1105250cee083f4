package dev.portico.gateway.limit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.TcpCanary;
import dev.portico.gateway.testing.TestFolder;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Circuit breakers per endpoint, retry only when nothing was sent, least-outstanding balancing. */
class CircuitAndBalancingTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private Gateway start(TestFolder f) throws Exception {
        Gateway g = Gateway.start(f.dir());
        closing.add(0, g);
        return g;
    }

    @Test
    void consecutiveFailuresOpenTheCircuitAndAProbeClosesIt() throws Exception {
        TcpCanary app = new TcpCanary(TcpCanary.Mode.CLOSE_AT_ONCE);
        closing.add(app);
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-circuit-"))
                .app("fragile", "domains", "fragile.test", "backends", app.url(), "circuit.failures", "3",
                        "circuit.open", "1s"));
        int port = g.port(Gateway.HTTP);
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = Http.get(port, "fragile.test", "/");
            assertThat(r.statusCode()).isEqualTo(502);
        }
        assertThat(app.connections()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = Http.get(port, "fragile.test", "/");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("X-Portico-Failure")).contains("circuit_open");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("fast").isLessThan(200);
        }
        assertThat(app.connections()).as("an open circuit does not touch the app").isEqualTo(3);
        String metrics = Http.text(Http.get(g.port(Gateway.ADMIN), "admin", "/metrics"));
        assertThat(metrics).contains("portico_endpoint_circuit_state{app=\"fragile\",endpoint=\"" + app.url() + "\"} 1.0")
                .contains("portico_rejections_total{app=\"fragile\",reason=\"circuit_open\"} 5.0");

        app.mode(TcpCanary.Mode.ANSWER_200); // the app recovers
        Thread.sleep(1100);
        assertThat(Http.get(port, "fragile.test", "/").statusCode()).as("the half-open probe").isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(Http.get(port, "fragile.test", "/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRefusedConnectIsRetriedOnAnotherEndpoint() throws Exception {
        EchoBackend good = new EchoBackend();
        closing.add(good);
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-retry-"))
                .app("pair", "domains", "pair.test", "backends", "http://127.0.0.1:" + dead + ", " + good.url()));
        int port = g.port(Gateway.HTTP);
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> r = Http.send(port, "pair.test", "POST", "/echo", ("body" + i).getBytes());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Http.text(r)).isEqualTo("body" + i);
        }
        assertThat(good.received()).hasSize(20);
    }

    @Test
    void aRequestWhoseHeadWentOutIsNeverRetried() throws Exception {
        EchoBackend good = new EchoBackend();
        closing.add(good);
        TcpCanary eater = new TcpCanary(TcpCanary.Mode.CLOSE_AFTER_HEAD);
        closing.add(eater);
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-noretry-"))
                .app("pair", "domains", "pair.test", "backends", eater.url() + ", " + good.url(),
                        "circuit.failures", "1000"));
        int port = g.port(Gateway.HTTP);
        int failed = 0;
        for (int i = 0; i < 30; i++) {
            HttpResponse<byte[]> r = Http.send(port, "pair.test", "POST", "/echo", "payment".getBytes());
            if (r.statusCode() == 502) {
                assertThat(r.headers().firstValue("X-Portico-Failure")).contains("upstream_reset");
                failed++;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(failed).as("some requests went to the endpoint that drops them").isPositive();
        assertThat(eater.heads()).isEqualTo(failed);
        assertThat(good.received()).as("none of those was sent again").hasSize(30 - failed);
    }

    @Test
    void leastOutstandingFavoursTheFastEndpoint() throws Exception {
        WireMockServer slow = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        WireMockServer fast = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        slow.start();
        fast.start();
        closing.add(slow::stop);
        closing.add(fast::stop);
        slow.stubFor(any(anyUrl()).willReturn(aResponse().withFixedDelay(400).withBody("slow")));
        fast.stubFor(any(anyUrl()).willReturn(aResponse().withBody("fast")));
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-balance-"))
                .app("both", "domains", "both.test", "backends", slow.baseUrl() + ", " + fast.baseUrl(),
                        "workers", "16"));
        int port = g.port(Gateway.HTTP);
        ExecutorService visitors = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int v = 0; v < 8; v++) {
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 15; i++) {
                    assertThat(Http.get(port, "both.test", "/").statusCode()).isEqualTo(200);
                }
            }, visitors));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        visitors.shutdown();
        int toSlow = slow.findAll(anyRequestedFor(anyUrl())).size();
        int toFast = fast.findAll(anyRequestedFor(anyUrl())).size();
        assertThat(toSlow + toFast).isEqualTo(120);
        assertThat(toFast).as("fast %d, slow %d", toFast, toSlow).isGreaterThan(3 * toSlow);
    }
}
