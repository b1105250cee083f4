package dev.portico.gateway.edge.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.H2Client;
import dev.portico.gateway.testing.Scrape;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTP/2 streams as exchanges: many concurrent streams on one connection, routed per stream by their
 * :authority, bodies both ways across flow-control windows, the advertised limits, and the per-connection
 * gate that keeps one multiplexing client from filling an app's queue alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2StreamsTest {

    WireMockServer alpha;
    WireMockServer beta;
    EchoBackend echo;
    TestCa ca;
    TestFolder folder;
    Gateway gateway;
    int port;

    @BeforeAll
    void start() throws Exception {
        alpha = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(120));
        beta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(120));
        for (WireMockServer w : List.of(alpha, beta)) {
            w.start();
            String name = w == alpha ? "alpha" : "beta";
            w.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(300)
                    .withBody(name + " {{request.path}}").withTransformers("response-template")));
        }
        echo = new EchoBackend();
        Path dir = Files.createTempDirectory("portico-h2-");
        ca = new TestCa(dir.resolve("certs"));
        ca.issue("b", "*.b.test");
        folder = TestFolder.withHttps(dir)
                .gateway("http2.max.inflight", "128")
                .app("alpha", "domains", "x.b.test", "backends", alpha.baseUrl(), "workers", "100")
                .app("beta", "domains", "y.b.test", "backends", beta.baseUrl(), "workers", "100")
                .app("echo", "domains", "e.b.test", "backends", echo.url(), "workers", "64", "max.body", "64m")
                .app("small", "domains", "s.b.test", "backends", echo.url());
        gateway = Gateway.start(folder.dir());
        port = gateway.port(Gateway.HTTPS);
    }

    @AfterAll
    void stop() {
        gateway.close();
        alpha.stop();
        beta.stop();
        echo.close();
    }

    @Test
    void hundredConcurrentStreamsOnOneConnectionAreEachRoutedByTheirAuthority() throws Exception {
        double handshakes = Scrape.value(gateway, "portico_tls_handshakes_total{result=\"success\"}");
        alpha.resetRequests();
        beta.resetRequests();
        try (H2Client client = H2Client.connect(port, "x.b.test", ca.caCertificate())) {
            long start = System.nanoTime();
            List<CompletableFuture<H2Client.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(client.get(i % 2 == 0 ? "x.b.test" : "y.b.test", "/s" + i));
            }
            List<H2Client.Response> all = H2Client.all(answers);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (int i = 0; i < 100; i++) {
                assertThat(all.get(i).status()).isEqualTo(200);
                assertThat(all.get(i).body()).isEqualTo((i % 2 == 0 ? "alpha" : "beta") + " /s" + i);
            }
            // each answer takes 300 ms at the app: one after the other would take 30 s
            assertThat(millis).isLessThan(6_000);
        }
        assertThat(alpha.findAll(anyRequestedFor(anyUrl()))).hasSize(50);
        assertThat(beta.findAll(anyRequestedFor(anyUrl()))).hasSize(50);
        assertThat(Scrape.value(gateway, "portico_tls_handshakes_total{result=\"success\"}")).isEqualTo(handshakes + 1);
    }

    @Test
    void requestAndResponseBodiesCrossManyFlowControlWindows() throws Exception {
        byte[] upload = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < upload.length; i++) {
            upload[i] = (byte) (i * 7);
        }
        try (H2Client client = H2Client.connect(port, "e.b.test", ca.caCertificate())) {
            H2Client.Response echoed = client.request("POST", "e.b.test", "/echo", upload).get(30, TimeUnit.SECONDS);
            assertThat(echoed.status()).isEqualTo(200);
            assertThat(echoed.bytes()).isEqualTo(upload);
            H2Client.Response big = client.get("e.b.test", "/big/5000000").get(30, TimeUnit.SECONDS);
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.bytes()).isEqualTo(EchoBackend.bigBody(5_000_000));
        }
        EchoBackend.Received posted = echo.received().stream().filter(r -> r.uri().equals("/echo")).findFirst()
                .orElseThrow();
        assertThat(posted.bodyBytes()).isEqualTo(upload.length);
    }

    @Test
    void aPageLoadOfManyStreamsDoesNotOverflowADefaultAppQueue() throws Exception {
        // "small" has the default limits: 4 workers + 32 queued. 60 streams at once from one connection
        // would leave 24 of them 503 queue_full; the connection's gate feeds them in as others finish.
        folder.gateway("http2.max.inflight", "16");
        gateway.reload();
        try (H2Client client = H2Client.connect(port, "s.b.test", ca.caCertificate())) {
            List<CompletableFuture<H2Client.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                answers.add(client.get("s.b.test", "/sleep/50?asset=" + i));
            }
            int[] statuses = H2Client.all(answers).stream().mapToInt(H2Client.Response::status).toArray();
            assertThat(statuses).as(Arrays.toString(statuses)).containsOnly(200);
        } finally {
            folder.gateway("http2.max.inflight", "128");
            gateway.reload();
        }
        assertThat(Scrape.value(gateway, "portico_rejections_total{app=\"small\",reason=\"queue_full\"}")).isZero();
    }

    @Test
    void oneConnectionHasAtMostItsInflightShareInTheProxy() throws Exception {
        folder.gateway("http2.max.inflight", "4");
        gateway.reload();
        try (EchoBackend counted = new EchoBackend();
             H2Client client = H2Client.connect(port, "e.b.test", ca.caCertificate())) {
            folder.app("counted", "domains", "c.b.test", "backends", counted.url(), "workers", "64");
            gateway.reload();
            long start = System.nanoTime();
            List<CompletableFuture<H2Client.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(client.get("c.b.test", "/sleep/200"));
            }
            assertThat(H2Client.all(answers)).allMatch(r -> r.status() == 200);
            assertThat(counted.maxInFlight()).isEqualTo(4);
            assertThat(counted.received()).hasSize(20);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(5 * 200);
        } finally {
            folder.removeApp("counted");
            folder.gateway("http2.max.inflight", "128");
            gateway.reload();
        }
    }

    @Test
    void settingsAdvertiseTheConfiguredLimitsAndOversizedHeadersGet431() throws Exception {
        try (H2Client client = H2Client.connect(port, "e.b.test", ca.caCertificate())) {
            assertThat(client.serverSettings().maxConcurrentStreams()).isEqualTo(128L);
            assertThat(client.serverSettings().maxHeaderListSize()).isEqualTo(16L * 1024);
            H2Client.Response ok = client.get("e.b.test", "/fine").get(10, TimeUnit.SECONDS);
            assertThat(ok.status()).isEqualTo(200);
        }
        try (H2Client client = H2Client.connect(port, "e.b.test", ca.caCertificate())) {
            H2Client.Response tooBig = client.request("GET", "e.b.test", "/big-cookie?" + "x".repeat(20_000), null)
                    .get(10, TimeUnit.SECONDS);
            assertThat(tooBig.status()).isEqualTo(431);
        }
    }

    @Test
    void aStreamResetByTheClientReleasesItsWorker() throws Exception {
        try (H2Client client = H2Client.connect(port, "e.b.test", ca.caCertificate())) {
            client.resetFlood("e.b.test", 1); // one request head, then RST_STREAM at once
            H2Client.Response after = client.get("e.b.test", "/after-reset").get(10, TimeUnit.SECONDS);
            assertThat(after.status()).isEqualTo(200);
            assertThat(client.isOpen()).isTrue();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                Scrape.value(gateway, "portico_app_inflight{app=\"echo\"}") == 0);
    }

    @Test
    void aHostFieldNamingAnotherHostOrAPlainConnectGetsA400ThatSaysWhy() throws Exception {
        try (H2Client client = H2Client.connect(port, "e.b.test", ca.caCertificate())) {
            H2Client.Response same = client.requestHeaders(new DefaultHttp2Headers().method("GET").scheme("https")
                    .authority("e.b.test").path("/same-host").add("host", "e.b.test")).get(10, TimeUnit.SECONDS);
            assertThat(same.status()).isEqualTo(200);
            assertThat(echo.received()).anyMatch(r -> r.uri().equals("/same-host"));

            H2Client.Response other = client.requestHeaders(new DefaultHttp2Headers().method("GET").scheme("https")
                    .authority("e.b.test").path("/other-host").add("host", "x.b.test")).get(10, TimeUnit.SECONDS);
            assertThat(other.status()).isEqualTo(400);
            assertThat(other.headers().get("x-portico-failure")).isEqualTo("bad_request");
            assertThat(other.body()).contains(":authority").contains("host");
            assertThat(client.isOpen()).isTrue(); // one malformed stream, not the connection

            // the same head with its body still to come: the answer first, then the stream is reset
            H2Client.Response early = client.requestHeaders(new DefaultHttp2Headers().method("POST").scheme("https")
                    .authority("e.b.test").path("/other-host-body").add("host", "x.b.test"), false)
                    .get(10, TimeUnit.SECONDS);
            assertThat(early.status()).isEqualTo(400);
            assertThat(early.body()).contains("Conflicting");
            H2Client.Response next = client.get("e.b.test", "/after-malformed").get(10, TimeUnit.SECONDS);
            assertThat(next.status()).isEqualTo(200);

            H2Client.Response badAuthority = client.requestHeaders(new DefaultHttp2Headers().method("GET")
                    .scheme("https").authority("e b.test").path("/bad-authority")).get(10, TimeUnit.SECONDS);
            assertThat(badAuthority.status()).isEqualTo(400);
            assertThat(badAuthority.body()).contains("The :authority is not a valid host name.");

            H2Client.Response connect = client.requestHeaders(new DefaultHttp2Headers().method("CONNECT")
                    .authority("e.b.test:443")).get(10, TimeUnit.SECONDS);
            assertThat(connect.status()).isEqualTo(400);
            assertThat(connect.body()).contains("CONNECT is not served on this listener.");
        }
        assertThat(echo.received()).noneMatch(r -> r.uri().startsWith("/other-host"));
        assertThat(alpha.findAll(anyRequestedFor(anyUrl()))).noneMatch(r -> r.getUrl().equals("/other-host"));
    }
}
