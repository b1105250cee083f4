package dev.portico.gateway.edge.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Cli;
import dev.portico.gateway.testing.Scrape;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTPS listener as TLS clients see it: which certificate each SNI gets (exact, wildcard, default,
 * none), protocol versions, ALPN, resumption, and that requests over TLS reach the app routed by Host
 * and told {@code X-Forwarded-Proto: https}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsEdgeTest {

    WireMockServer app;
    TestCa ca;
    Gateway gateway;
    int port;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        Path dir = Files.createTempDirectory("portico-https-");
        ca = new TestCa(dir.resolve("certs"));
        ca.issue("a", "a.test");
        ca.issue("b", "*.b.test", "b.test");
        ca.issue("default", "fallback.test", "localhost");
        TestFolder f = TestFolder.withHttps(dir)
                .app("a", "domains", "a.test, localhost", "backends", app.baseUrl(), "workers", "8")
                .app("b", "domains", "*.b.test", "backends", app.baseUrl(), "workers", "8");
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTPS);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @BeforeEach
    void reset() {
        app.resetAll();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{{request.path}} {{request.headers.X-Forwarded-Proto}}")
                .withTransformers("response-template")));
    }

    @Test
    void exactNameGetsItsCertificateAndTheRequestReachesTheApp() {
        TlsClient.Result r = TlsClient.get(ca.clientContext(), port, "a.test", "a.test", "/secure?x=1");
        assertThat(r.commonName()).isEqualTo("a.test");
        assertThat(r.protocol()).isEqualTo("TLSv1.3");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("/secure https");
        List<LoggedRequest> seen = app.findAll(anyRequestedFor(urlEqualTo("/secure?x=1")));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).getHeader("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(seen.get(0).getHeader("Host")).isEqualTo("a.test");
    }

    @Test
    void wildcardCoversOneLabelOnly() {
        TlsClient.Result r = TlsClient.get(ca.clientContext(), port, "x.b.test", "x.b.test", "/w");
        assertThat(r.commonName()).isEqualTo("*.b.test");
        assertThat(r.body()).isEqualTo("/w https");
        // *.b.test does not cover a second level, as clients check it: the default answers instead
        TlsClient.Result deeper = TlsClient.send(ca.clientContext(), port, "y.x.b.test", false,
                "GET /d HTTP/1.1\r\nHost: y.x.b.test\r\nConnection: close\r\n\r\n");
        assertThat(deeper.commonName()).isEqualTo("fallback.test");
        assertThat(deeper.status()).isEqualTo(200); // routing still goes by Host: *.b.test covers any depth
    }

    @Test
    void noSniAndUnknownSniGetTheDefault() {
        TlsClient.Result none = TlsClient.send(ca.clientContext(), port, null, false,
                "GET /n HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
        assertThat(none.commonName()).isEqualTo("fallback.test");
        assertThat(none.body()).isEqualTo("/n https");
        TlsClient.Result unknown = TlsClient.send(ca.clientContext(), port, "nobody.test", false,
                "GET /u HTTP/1.1\r\nHost: nobody.test\r\nConnection: close\r\n\r\n");
        assertThat(unknown.commonName()).isEqualTo("fallback.test");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.headers()).containsEntry("x-portico-failure", "no_route");
    }

    @Test
    void opensslSeesTheRightCertificatesAndAlpnH2() {
        SystemDeps.require("openssl", "openssl");
        String caFile = ca.caFile().toString();
        Cli.Run a = Cli.sClient(port, "-servername", "a.test", "-CAfile", caFile, "-verify_return_error");
        assertThat(a.output()).contains("CN = a.test").contains("Verify return code: 0 (ok)");
        Cli.Run wild = Cli.sClient(port, "-servername", "x.b.test", "-CAfile", caFile);
        assertThat(wild.output()).contains("CN = *.b.test");
        Cli.Run none = Cli.sClient(port, "-noservername", "-CAfile", caFile);
        assertThat(none.output()).contains("CN = fallback.test");
        Cli.Run h2 = Cli.sClient(port, "-servername", "a.test", "-alpn", "h2,http/1.1");
        assertThat(h2.output()).contains("ALPN protocol: h2");
        Cli.Run h1 = Cli.sClient(port, "-servername", "a.test", "-alpn", "http/1.1", "-status");
        assertThat(h1.output()).contains("ALPN protocol: http/1.1")
                .contains("OCSP response: no response sent"); // tls.ocsp is off by default
    }

    @Test
    void theKeyExchangeIsThePostQuantumHybridWhenTheClientOffersIt() throws Exception {
        SystemDeps.require("openssl", "openssl");
        // A client that offers X25519MLKEM768 alone: the handshake succeeds only if the gateway accepts it.
        SslContext hybridOnly = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(ca.caFile().toFile())
                .option(OpenSslContextOption.GROUPS, new String[] {"X25519MLKEM768"}).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslHandler tls = hybridOnly.newHandler(ByteBufAllocator.DEFAULT, "a.test", port);
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(tls)
                    .connect("127.0.0.1", port).sync().channel();
            assertThat(tls.handshakeFuture().await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tls.handshakeFuture().cause()).isNull();
            assertThat(tls.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        // A client without it (this OpenSSL) gets X25519.
        assertThat(Cli.sClient(port, "-servername", "a.test").output()).contains("Server Temp Key: X25519");
    }

    @Test
    void tlsOlderThan12IsRefusedByTheServer() {
        SystemDeps.require("openssl", "openssl");
        double failures = Scrape.value(gateway, "portico_tls_handshakes_total{result=\"failure\"}");
        // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so the refusal seen is the gateway's
        for (String version : List.of("-tls1_1", "-tls1")) {
            Cli.Run old = Cli.sClient(port, "-servername", "a.test", version, "-cipher", "DEFAULT@SECLEVEL=0");
            assertThat(old.output()).contains("alert protocol version").contains("Cipher is (NONE)");
        }
        assertThat(Scrape.value(gateway, "portico_tls_handshakes_total{result=\"failure\"}")).isEqualTo(failures + 2);
        Cli.Run tls12 = Cli.sClient(port, "-servername", "a.test", "-tls1_2");
        assertThat(tls12.output()).contains("Protocol  : TLSv1.2").contains("ECDHE");
    }

    @Test
    void sessionsResumeWithTicketsAndWithTheCache() throws Exception {
        SystemDeps.require("openssl", "openssl");
        double resumed = Scrape.value(gateway, "portico_tls_handshakes_total{result=\"resumed\"}");
        for (List<String> mode : List.<List<String>>of(List.of(), List.of("-no_ticket"))) {
            Path session = Files.createTempFile("portico-session-", ".pem");
            Files.delete(session);
            List<String> first = new java.util.ArrayList<>(List.of("-servername", "a.test", "-tls1_2",
                    "-sess_out", session.toString()));
            first.addAll(mode);
            assertThat(Cli.sClient(port, first.toArray(String[]::new)).output()).contains("New, TLSv1.2");
            List<String> again = new java.util.ArrayList<>(List.of("-servername", "a.test", "-tls1_2",
                    "-sess_in", session.toString()));
            again.addAll(mode);
            assertThat(Cli.sClient(port, again.toArray(String[]::new)).output()).contains("Reused, TLSv1.2");
        }
        assertThat(Scrape.value(gateway, "portico_tls_handshakes_total{result=\"resumed\"}")).isEqualTo(resumed + 2);
    }

    @Test
    void http11OverTlsKeepsTheConnectionForPipelinedRequests() {
        TlsClient.Result r = TlsClient.send(ca.clientContext(), port, "a.test", true,
                "GET /one HTTP/1.1\r\nHost: a.test\r\n\r\nGET /two HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
        assertThat(r.alpn()).isEqualTo("http/1.1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("/one https");
        assertThat(r.rest()).startsWith("HTTP/1.1 200").contains("\r\n/two https\r\n");
    }

    @Test
    void jdkHttpClientNegotiatesHttp2() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext())
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/h2"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("/h2 https");
        LoggedRequest seen = app.findAll(anyRequestedFor(urlEqualTo("/h2"))).get(0);
        assertThat(seen.getHeader("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(seen.getHeaders().keys()).noneMatch(k -> k.toLowerCase().startsWith("x-http2"));
    }

    @Test
    void curlOverHttp2() {
        SystemDeps.require("curl", "curl");
        Cli.Run r = Cli.run(List.of("curl", "-s", "--http2", "--cacert", ca.caFile().toString(), "--resolve",
                "a.test:" + port + ":127.0.0.1", "-w", "\n%{http_version} %{http_code}",
                "https://a.test:" + port + "/curl"), "", 30);
        assertThat(r.output()).isEqualTo("/curl https\n2 200");
    }

    @Test
    void handshakesAreCountedAndTimed() {
        double before = Scrape.value(gateway, "portico_tls_handshakes_total{result=\"success\"}");
        double timed = Scrape.value(gateway, "portico_tls_handshake_duration_seconds_count");
        for (int i = 0; i < 3; i++) {
            TlsClient.get(ca.clientContext(), port, "a.test", "a.test", "/count");
        }
        assertThat(Scrape.value(gateway, "portico_tls_handshakes_total{result=\"success\"}")).isEqualTo(before + 3);
        assertThat(Scrape.value(gateway, "portico_tls_handshake_duration_seconds_count")).isGreaterThanOrEqualTo(timed + 3);
    }
}
