package dev.portico.gateway.edge.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.H2Client;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-app https policy: {@code https.force} sends plain-HTTP visitors to the HTTPS listener (301 for
 * GET and HEAD, 308 otherwise, without contacting the app), and {@code hsts} adds
 * Strict-Transport-Security to every HTTPS answer for the app, never to a plain-HTTP one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsPolicyTest {

    WireMockServer app;
    TestCa ca;
    Gateway gateway;
    int http;
    int https;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        Path dir = Files.createTempDirectory("portico-policy-");
        ca = new TestCa(dir.resolve("certs"));
        ca.issue("default", "forced.test", "open.test", "down.test");
        TestFolder f = TestFolder.withHttps(dir)
                .app("forced", "domains", "forced.test", "backends", app.baseUrl(), "https.force", "true",
                        "hsts", "365d")
                .app("open", "domains", "open.test", "backends", app.baseUrl(), "hsts", "max-age=60; includeSubDomains")
                .app("down", "domains", "down.test", "backends", "http://127.0.0.1:1", "hsts", "1d");
        gateway = Gateway.start(f.dir());
        http = gateway.port(Gateway.HTTP);
        https = gateway.port(Gateway.HTTPS);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @BeforeEach
    void reset() {
        app.resetAll();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from the app")));
    }

    @Test
    void plainHttpGetAndHeadAreMovedPermanentlyToHttps() {
        HttpResponse<byte[]> get = Http.get(http, "Forced.Test", "/page?x=1&y=%2F");
        assertThat(get.statusCode()).isEqualTo(301);
        assertThat(get.headers().firstValue("location")).hasValue("https://forced.test:" + https + "/page?x=1&y=%2F");
        assertThat(get.headers().firstValue("strict-transport-security")).isEmpty();
        HttpResponse<byte[]> head = Http.send(http, "forced.test", "HEAD", "/h", null);
        assertThat(head.statusCode()).isEqualTo(301);
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void otherMethodsGet308SoTheMethodAndBodyAreKept() {
        HttpResponse<byte[]> post = Http.send(http, "forced.test", "POST", "/form", "a=1".getBytes(StandardCharsets.UTF_8));
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.headers().firstValue("location")).hasValue("https://forced.test:" + https + "/form");
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theConnectionStaysUsableAfterARedirect() {
        String both = RawHttp.exchange(http, "GET http://forced.test/abs HTTP/1.1\r\nHost: forced.test\r\n\r\n"
                + "GET /next HTTP/1.1\r\nHost: open.test\r\nConnection: close\r\n\r\n", 5000);
        assertThat(both).startsWith("HTTP/1.1 301 Moved Permanently")
                .contains("location: https://forced.test:" + https + "/abs")
                .contains("HTTP/1.1 200 OK").contains("from the app");
    }

    @Test
    void httpsAnswersOfAnHstsAppCarryStrictTransportSecurity() throws Exception {
        TlsClient.Result forced = TlsClient.get(ca.clientContext(), https, "forced.test", "forced.test", "/");
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.body()).isEqualTo("from the app");
        assertThat(forced.headers()).containsEntry("strict-transport-security", "max-age=31536000");
        TlsClient.Result open = TlsClient.get(ca.clientContext(), https, "open.test", "open.test", "/");
        assertThat(open.headers()).containsEntry("strict-transport-security", "max-age=60; includeSubDomains");
        try (H2Client h2 = H2Client.connect(https, "forced.test", ca.caCertificate())) {
            H2Client.Response r = h2.get("forced.test", "/h2").get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("strict-transport-security")).isEqualTo("max-age=31536000");
        }
    }

    /** An answer forwarded as bytes gets the gateway's header in place of the app's own, over HTTPS only. */
    @Test
    void theAppsOwnStrictTransportSecurityGivesWayToTheGatewaysOverHttps() {
        app.stubFor(get("/whole").willReturn(aResponse().withStatus(200).withHeader("Content-Length", "5")
                .withHeader("Strict-Transport-Security", "max-age=1").withBody("whole")));
        TlsClient.Result secure = TlsClient.get(ca.clientContext(), https, "open.test", "open.test", "/whole");
        assertThat(secure.body()).isEqualTo("whole");
        assertThat(secure.head().toLowerCase(Locale.ROOT).split("strict-transport-security:", -1)).as(secure.head())
                .hasSize(2);
        assertThat(secure.headers()).containsEntry("strict-transport-security", "max-age=60; includeSubDomains");
        HttpResponse<byte[]> plain = Http.get(http, "open.test", "/whole");
        assertThat(plain.headers().allValues("strict-transport-security")).containsExactly("max-age=1");
    }

    @Test
    void theGatewaysOwnAnswersOverHttpsCarryItTooButPlainHttpNever() {
        TlsClient.Result down = TlsClient.get(ca.clientContext(), https, "down.test", "down.test", "/");
        assertThat(down.status()).isEqualTo(502);
        assertThat(down.headers()).containsEntry("x-portico-failure", "upstream_connect")
                .containsEntry("strict-transport-security", "max-age=86400");
        HttpResponse<byte[]> plain = Http.get(http, "open.test", "/");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("strict-transport-security")).isEmpty();
    }
}
