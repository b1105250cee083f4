package dev.portico.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TestFolder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The proxy path as a visitor and an app see it: routing, forwarded headers, hop-by-hop headers, bodies
 * both ways, keep-alive, pipelining, 100-continue. Run once with one event loop and once with several
 * (subclasses), since upstream connections and pools live per loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyPathTests {

    WireMockServer app;
    EchoBackend echo;
    Gateway gateway;
    int port;

    abstract int eventLoops();

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        echo = new EchoBackend();
        Path dir = Files.createTempDirectory("portico-proxy-");
        TestFolder f = new TestFolder(dir).gateway("event.loops", Integer.toString(eventLoops()))
                .gateway("trusted.proxies", "10.9.0.0/16")
                .app("alpha", "domains", "alpha.test, *.alpha.test", "backends", app.baseUrl(), "workers", "16")
                .app("echo", "domains", "echo.test", "backends", echo.url(), "workers", "16");
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
        echo.close();
    }

    @BeforeEach
    void reset() {
        app.resetAll();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from alpha")));
    }

    @Test
    void routesByHostAndTellsTheAppWhoAsked() {
        HttpResponse<byte[]> res = Http.get(port, "Alpha.Test:" + port, "/hello/w%C3%B6rld?x=1&y=%2F",
                "X-Forwarded-For", "6.6.6.6", "X-Real-IP", "6.6.6.6", "X-Forwarded-Proto", "gopher");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(Http.text(res)).isEqualTo("from alpha");
        List<LoggedRequest> seen = app.findAll(anyRequestedFor(anyUrl()));
        assertThat(seen).hasSize(1);
        LoggedRequest r = seen.get(0);
        assertThat(r.getUrl()).isEqualTo("/hello/w%C3%B6rld?x=1&y=%2F");
        assertThat(r.getHeader("Host")).isEqualTo("Alpha.Test:" + port);
        assertThat(r.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1"); // the visitor's value is not trusted
        assertThat(r.getHeader("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(r.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(r.getHeader("X-Forwarded-Host")).isEqualTo("Alpha.Test:" + port);
        assertThat(r.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
    }

    @Test
    void wildcardDomainsAndKeptRequestIds() {
        assertThat(Http.get(port, "deep.sub.alpha.test", "/w", "X-Request-Id", "trace-42").statusCode()).isEqualTo(200);
        app.verify(getRequestedFor(urlEqualTo("/w")).withHeader("X-Request-Id",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("trace-42")));
    }

    @Test
    void unknownHostIsAnsweredWithoutTouchingAnyApp() {
        HttpResponse<byte[]> res = Http.get(port, "nobody.test", "/");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.headers().firstValue("X-Portico-Failure")).contains("no_route");
        assertThat(Http.text(res)).contains("No site here").contains("No app has the domain nobody.test.");
        HttpResponse<byte[]> json = Http.get(port, "Nobody.Test:8080", "/", "Accept", "application/json");
        assertThat(Http.text(json)).startsWith("{\"status\":404,\"failure\":\"no_route\"")
                .contains("No app has the domain nobody.test.");
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void hopByHopHeadersStayOnTheirHop() {
        app.stubFor(get("/hop").willReturn(aResponse().withStatus(200).withHeader("Connection", "X-Secret")
                .withHeader("X-Secret", "internal").withHeader("Keep-Alive", "timeout=5").withBody("ok")));
        String raw = RawHttp.exchange(port, "GET /hop HTTP/1.1\r\nHost: alpha.test\r\nConnection: close, X-Private\r\n"
                + "X-Private: 1\r\nKeep-Alive: 300\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\n\r\n", 5000);
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(raw.toLowerCase()).doesNotContain("x-secret").doesNotContain("keep-alive: timeout");
        LoggedRequest r = app.findAll(getRequestedFor(urlEqualTo("/hop"))).get(0);
        assertThat(r.containsHeader("X-Private")).isFalse();
        assertThat(r.containsHeader("TE")).isFalse();
        assertThat(r.containsHeader("Proxy-Connection")).isFalse();
        assertThat(r.containsHeader("Keep-Alive")).isFalse();
    }

    @Test
    void aWholeAnswerKeepsItsHeadLessTheHopByHopLines() {
        app.stubFor(get("/whole").willReturn(aResponse().withStatus(201).withStatusMessage("Made")
                .withHeader("Keep-Alive", "timeout=5").withHeader("Proxy-Connection", "keep-alive")
                .withHeader("X-App", "a, b").withHeader("Set-Cookie", "k=1").withHeader("Content-Length", "10")
                .withBody("whole body")));
        String raw = RawHttp.exchange(port, "GET /whole HTTP/1.1\r\nHost: alpha.test\r\n\r\n"
                + "GET /whole HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n\r\n", 5000);
        String[] answers = raw.split("(?=HTTP/1.1 )");
        assertThat(answers).hasSize(2);
        for (String a : answers) {
            assertThat(a).startsWith("HTTP/1.1 201 Made\r\n").contains("X-App: a, b\r\n").contains("Set-Cookie: k=1\r\n")
                    .containsIgnoringCase("content-length: 10\r\n").endsWith("\r\n\r\nwhole body");
            assertThat(a.toLowerCase()).doesNotContain("keep-alive").doesNotContain("proxy-connection");
        }
        assertThat(answers[0].toLowerCase()).doesNotContain("connection:");
        assertThat(answers[1]).containsIgnoringCase("connection: close\r\n");
        assertThat(app.findAll(getRequestedFor(urlEqualTo("/whole")))).hasSize(2);
    }

    @Test
    void bodiesStreamBothWaysIntact() {
        byte[] upload = new byte[5 * 1024 * 1024];
        ThreadLocalRandom.current().nextBytes(upload);
        HttpResponse<byte[]> res = Http.send(port, "echo.test", "POST", "/echo", upload);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(upload);
        HttpResponse<byte[]> big = Http.get(port, "echo.test", "/big/20000000");
        assertThat(big.body()).hasSize(20_000_000).isEqualTo(EchoBackend.bigBody(20_000_000));
    }

    @Test
    void chunkedUploadReachesTheApp() {
        String raw = RawHttp.exchange(port, "POST /echo HTTP/1.1\r\nHost: echo.test\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 5000);
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(raw).endsWith("hello world");
    }

    @Test
    void keepAliveAndPipeliningAnswerInOrder() {
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            pipelined.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: echo.test\r\n\r\n");
        }
        pipelined.append("GET /last HTTP/1.1\r\nHost: echo.test\r\nConnection: close\r\n\r\n");
        String raw = RawHttp.exchange(port, pipelined.toString(), 10_000);
        int at = 0;
        for (int i = 0; i < 10; i++) {
            int next = raw.indexOf("app saw GET /p" + i, at);
            assertThat(next).as("response %d in order", i).isGreaterThan(at);
            at = next;
        }
        assertThat(raw.indexOf("app saw GET /last", at)).isGreaterThan(at);
        assertThat(raw.split("HTTP/1.1 200 OK", -1)).hasSize(12);
    }

    @Test
    void headBodylessAndLateBodiesKeepTheConnectionsFraming() {
        app.stubFor(any(urlEqualTo("/h")).willReturn(aResponse().withStatus(200).withHeader("Content-Length", "10")
                .withBody("from alpha"))); // a HEAD answer names the length of a body it does not send
        app.stubFor(get(urlEqualTo("/empty")).willReturn(aResponse().withStatus(204)));
        app.stubFor(get(urlEqualTo("/late")).willReturn(aResponse().withStatus(200).withHeader("Content-Length", "12")
                .withBody("slow answer!").withChunkedDribbleDelay(3, 300))); // the body after its head
        String raw = RawHttp.exchange(port, "HEAD /h HTTP/1.1\r\nHost: alpha.test\r\n\r\n"
                + "GET /empty HTTP/1.1\r\nHost: alpha.test\r\n\r\n"
                + "GET /late HTTP/1.1\r\nHost: alpha.test\r\n\r\n"
                + "GET /h HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n\r\n", 10_000);
        String[] answers = raw.split("(?=HTTP/1.1 )");
        assertThat(answers).hasSize(4);
        assertThat(answers[0]).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 10\r\n").endsWith("\r\n\r\n");
        assertThat(answers[1]).startsWith("HTTP/1.1 204").endsWith("\r\n\r\n");
        assertThat(answers[2]).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nslow answer!");
        assertThat(answers[3]).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nfrom alpha");
    }

    @Test
    void expectContinueIsAnsweredByTheGateway() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            var out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: echo.test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes());
            byte[] buf = new byte[25];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n)).startsWith("HTTP/1.1 100 Continue\r\n\r\n");
            out.write("howdy".getBytes());
            String rest = new String(s.getInputStream().readAllBytes());
            assertThat(rest).contains("200 OK").endsWith("howdy");
        }
        assertThat(echo.received().stream().filter(r -> r.uri().equals("/echo")).map(r -> r.headers().get("Expect")))
                .allMatch(v -> v == null);
    }

    @Test
    void absoluteFormAuthorityWinsOverHost() {
        String raw = RawHttp.exchange(port, "GET http://echo.test/abs?q=1 HTTP/1.1\r\nHost: alpha.test\r\n"
                + "Connection: close\r\n\r\n", 5000);
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(raw).endsWith("app saw GET /abs?q=1");
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void metricsCountRequestsPerApp() {
        Http.get(port, "alpha.test", "/counted");
        HttpResponse<byte[]> m = Http.get(gateway.port(Gateway.ADMIN), "admin", "/metrics");
        assertThat(Http.text(m)).contains("portico_requests_total{app=\"alpha\",code=\"200\"}")
                .contains("portico_request_duration_seconds_bucket{app=\"alpha\"")
                .contains("portico_requests_total{app=\"-\",code=\"404\"}");
        assertThat(Http.get(gateway.port(Gateway.ADMIN), "admin", "/healthz").statusCode()).isEqualTo(200);
        assertThat(Http.get(gateway.port(Gateway.ADMIN), "admin", "/readyz").statusCode()).isEqualTo(200);
    }
}
