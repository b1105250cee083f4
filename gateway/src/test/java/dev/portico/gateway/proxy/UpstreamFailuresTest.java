package dev.portico.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TestFolder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a visitor sees when the app fails in each way, and that one failure disturbs nobody else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamFailuresTest {

    private WireMockServer app;
    private WireMockServer calm;
    private Gateway gateway;
    private int port;
    private int deadPort;
    private ServerSocket oddApp;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        calm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        calm.start();
        calm.stubFor(get("/").willReturn(aResponse().withBody("calm")));
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // nothing listens here once closed
        }
        oddApp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread odd = new Thread(this::answerWithABadHeaderName, "odd-app");
        odd.setDaemon(true);
        odd.start();
        TestFolder f = new TestFolder(Files.createTempDirectory("portico-failures-"))
                .app("flaky", "domains", "flaky.test", "backends", app.baseUrl(), "timeout.response", "400ms",
                        "circuit.failures", "1000")
                .app("down", "domains", "down.test", "backends", "http://127.0.0.1:" + deadPort)
                .app("calm", "domains", "calm.test", "backends", calm.baseUrl())
                .app("odd", "domains", "odd.test", "backends", "http://127.0.0.1:" + oddApp.getLocalPort());
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
        calm.stop();
        try {
            oddApp.close();
        } catch (IOException ignored) {
            // the accept loop ends with it
        }
    }

    /**
     * An app whose answer carries the header line its request's path names: {@code /paren} a name with a
     * parenthesis, {@code /space} a name with a space, {@code /before-colon} whitespace between a good
     * name and its colon.
     */
    private void answerWithABadHeaderName() {
        while (!oddApp.isClosed()) {
            try (Socket s = oddApp.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                int state = 0;
                while (state < 4) { // up to the blank line that ends the request head
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                    state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
                }
                String path = head.toString().split(" ", 3)[1];
                String line = switch (path) {
                    case "/space" -> "Bad Name: x";
                    case "/before-colon" -> "Spaced \t: x";
                    default -> "Bad(Name): x";
                };
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\n" + line + "\r\nContent-Length: 2\r\n\r\nok")
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                // closed at the end of the class, or a client gone: next one
            }
        }
    }

    @Test
    void refusedConnectionIsAFast502() {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> res = Http.get(port, "down.test", "/");
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(res.headers().firstValue("X-Portico-Failure")).contains("upstream_connect");
        assertThat(Http.text(res)).contains("could not be reached");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    }

    @Test
    void slowAppIsA504AfterTimeoutResponse() {
        app.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(3000).withBody("late")));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> res = Http.get(port, "flaky.test", "/slow");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(res.statusCode()).isEqualTo(504);
        assertThat(res.headers().firstValue("X-Portico-Failure")).contains("upstream_timeout");
        assertThat(ms).isBetween(350L, 2500L);
    }

    @Test
    void connectionClosedBeforeAnAnswerIsA502() {
        app.stubFor(any(urlEqualTo("/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        app.stubFor(any(urlEqualTo("/empty")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        for (String path : new String[] {"/reset", "/empty"}) {
            HttpResponse<byte[]> res = Http.send(port, "flaky.test", "POST", path, "x".getBytes());
            assertThat(res.statusCode()).as(path).isEqualTo(502);
            assertThat(res.headers().firstValue("X-Portico-Failure")).as(path).contains("upstream_reset");
        }
    }

    @Test
    void garbageFromTheAppIsA502() {
        app.stubFor(get("/garbage").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        HttpResponse<byte[]> res = Http.get(port, "flaky.test", "/garbage");
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(res.headers().firstValue("X-Portico-Failure").orElse(""))
                .isIn("upstream_protocol", "upstream_reset");
    }

    @Test
    void aHeaderNameThatIsNotATokenIsA502AndNeverReachesTheVisitor() {
        for (String path : new String[] {"/paren", "/space"}) {
            HttpResponse<byte[]> res = Http.get(port, "odd.test", path);
            assertThat(res.statusCode()).as(path).isEqualTo(502);
            assertThat(res.headers().firstValue("X-Portico-Failure")).as(path).contains("upstream_protocol");
            assertThat(res.headers().map().keySet()).as(path).noneMatch(name -> name.toLowerCase().startsWith("bad"));
        }
    }

    @Test
    void whitespaceBetweenAHeaderNameAndItsColonIsRemoved() {
        String raw = RawHttp.exchange(port, "GET /before-colon HTTP/1.1\r\nHost: odd.test\r\nConnection: close\r\n\r\n", 5000);
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(raw).contains("\r\nSpaced: x\r\n").endsWith("ok");
    }

    @Test
    void aBodyCutShortClosesTheVisitorsConnection() {
        app.stubFor(get("/cut").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        String raw = RawHttp.exchange(port, "GET /cut HTTP/1.1\r\nHost: flaky.test\r\n\r\n", 5000);
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(raw).as("no terminating chunk: the visitor can tell the body is incomplete")
                .doesNotEndWith("0\r\n\r\n");
    }

    @Test
    void oneAppsFailureDisturbsNoOtherRequest() throws Exception {
        app.stubFor(get("/slow2").willReturn(aResponse().withFixedDelay(3000).withBody("late")));
        for (int i = 0; i < 20; i++) {
            Http.get(port, "calm.test", "/"); // warm up: connections, JIT, the app itself
        }
        CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(
                () -> Http.get(port, "flaky.test", "/slow2"));
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> res = Http.get(port, "calm.test", "/");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(300);
        }
        assertThat(slow.get().statusCode()).isEqualTo(504);
        assertThat(Http.get(port, "down.test", "/").statusCode()).isEqualTo(502);
        String metrics = Http.text(Http.get(gateway.port(Gateway.ADMIN), "admin", "/metrics"));
        assertThat(metrics).contains("portico_upstream_failures_total{app=\"flaky\",reason=\"timeout\"}")
                .contains("portico_upstream_failures_total{app=\"down\",reason=\"connect\"}");
    }
}
