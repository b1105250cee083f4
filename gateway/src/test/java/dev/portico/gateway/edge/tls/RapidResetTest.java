package dev.portico.gateway.edge.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.H2Client;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsClient;
import io.netty.handler.codec.http2.Http2Error;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP/2 "rapid reset" flood (open a stream, cancel it at once, thousands of times): the abusive
 * connection gets GOAWAY ENHANCE_YOUR_CALM and is closed once it passes {@code http2.max.resets} a
 * second, while other connections, HTTP/2 and HTTP/1.1, keep being served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RapidResetTest {

    WireMockServer app;
    TestCa ca;
    Gateway gateway;
    int port;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        Path dir = Files.createTempDirectory("portico-reset-");
        ca = new TestCa(dir.resolve("certs"));
        ca.issue("default", "app.test");
        TestFolder f = TestFolder.withHttps(dir)
                .gateway("http2.max.resets", "50")
                .app("app", "domains", "app.test", "backends", app.baseUrl(), "workers", "16");
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTPS);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @Test
    void aResetFloodIsAnsweredWithGoAwayWhileOthersAreServed() throws Exception {
        try (H2Client bystander = H2Client.connect(port, "app.test", ca.caCertificate());
             H2Client abuser = H2Client.connect(port, "app.test", ca.caCertificate())) {
            assertThat(bystander.get("app.test", "/before").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            abuser.resetFlood("app.test", 2_000);
            long code = abuser.goAway().get(10, TimeUnit.SECONDS);
            assertThat(code).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !abuser.isOpen());

            assertThat(bystander.get("app.test", "/during").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(bystander.isOpen()).isTrue();
            try (H2Client newcomer = H2Client.connect(port, "app.test", ca.caCertificate())) {
                assertThat(newcomer.get("app.test", "/after").get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            TlsClient.Result http1 = TlsClient.get(ca.clientContext(), port, "app.test", "app.test", "/http1");
            assertThat(http1.status()).isEqualTo(200);
        }
        // Streams past the cap never reached the app; the connection's gate let few through before it.
        int flooded = app.findAll(anyRequestedFor(urlPathMatching("/flood/.*"))).size();
        assertThat(flooded).isLessThan(100);
        assertThat(app.findAll(anyRequestedFor(anyUrl())).size() - flooded).isEqualTo(4);
    }
}
