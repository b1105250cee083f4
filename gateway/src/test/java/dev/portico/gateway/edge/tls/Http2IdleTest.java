package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.H2Client;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code timeout.idle} on HTTP/2: a quiet connection without streams gets GOAWAY and is closed; one with
 * a stream in flight stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2IdleTest {

    WireMockServer app;
    TestCa ca;
    Gateway gateway;
    int port;

    @BeforeAll
    void start() throws Exception {
        app = QuickAndSlowApp.start();
        Path dir = Files.createTempDirectory("portico-h2-idle-");
        ca = new TestCa(dir.resolve("certs"));
        ca.issue("i", "*.i.test");
        TestFolder folder = TestFolder.withHttps(dir)
                .gateway("timeout.idle", "400ms")
                .app("site", "domains", "a.i.test", "backends", app.baseUrl());
        gateway = Gateway.start(folder.dir());
        port = gateway.port(Gateway.HTTPS);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @Test
    void aConnectionWithNoStreamOpenIsSentGoAwayAndClosedOnceTheClientIsQuiet() throws Exception {
        try (H2Client client = H2Client.connect(port, "a.i.test", ca.caCertificate())) {
            assertThat(client.get("a.i.test", "/").get(5, TimeUnit.SECONDS).body()).isEqualTo("quick");
            long start = System.nanoTime();
            assertThat(client.goAway().get(5, TimeUnit.SECONDS)).as("GOAWAY NO_ERROR").isZero();
            assertThat((System.nanoTime() - start) / 1e6).as("ms after the last answer").isLessThan(3000.0);
            assertThat(client.closedWithin(2000)).as("closed by the gateway").isTrue();
        }
    }

    @Test
    void aStreamInFlightKeepsAQuietConnectionOpen() throws Exception {
        try (H2Client client = H2Client.connect(port, "a.i.test", ca.caCertificate())) {
            CompletableFuture<H2Client.Response> slow = client.get("a.i.test", "/slow");
            H2Client.Response r = slow.get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).as("answered 1.5 s later, well past the 400 ms idle timeout").isEqualTo("slow");
        }
    }
}
