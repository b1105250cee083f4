package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Await;
import dev.portico.gateway.testing.H2Client;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping with HTTPS visitors. An HTTP/2 connection gets a GOAWAY (NO_ERROR) at once, so that its
 * client opens its next streams elsewhere; a stream in flight still gets its answer before the close.
 * A connection accepted just before the stop still gets its handshake and its first request answered.
 */
class HttpsDrainTest {

    @TempDir
    Path dir;
    WireMockServer app;
    TestCa ca;
    Gateway gateway;
    int port;

    @BeforeEach
    void start() throws Exception {
        app = QuickAndSlowApp.start();
        ca = new TestCa(dir.resolve("certs"));
        ca.issue("d", "*.d.test");
        TestFolder folder = TestFolder.withHttps(dir)
                .app("site", "domains", "a.d.test", "backends", app.baseUrl());
        gateway = Gateway.start(folder.dir());
        port = gateway.port(Gateway.HTTPS);
    }

    @AfterEach
    void stop() {
        gateway.close();
        app.stop();
    }

    @Test
    void aConnectionAcceptedBeforeItsHandshakeIsStillAnswered() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            Await.upTo5s(() -> gateway.openConnections() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
            Await.upTo5s(() -> gateway.proxy().firstRequestsAwaited() == 1);
            assertThat(gateway.proxy().firstRequestsAwaited()).as("awaited by the drain, mid-handshake").isEqualTo(1);

            SSLSocket tls = (SSLSocket) ca.clientContext().getSocketFactory()
                    .createSocket(plain, "a.d.test", port, false);
            tls.setSoTimeout(5000);
            tls.startHandshake();
            tls.getOutputStream().write("GET / HTTP/1.1\r\nHost: a.d.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(tls.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close").contains("\r\nquick\r\n");
            closing.get(10, TimeUnit.SECONDS);
            assertThat(gateway.proxy().firstRequestsAwaited()).isZero();
        }
    }

    @Test
    void anIdleConnectionGetsGoAwayAndIsClosedAtOnce() throws Exception {
        try (H2Client client = H2Client.connect(port, "a.d.test", ca.caCertificate())) {
            assertThat(client.get("a.d.test", "/").get(5, TimeUnit.SECONDS).body()).isEqualTo("quick");
            long start = System.nanoTime();
            gateway.close();
            assertThat((System.nanoTime() - start) / 1e6).as("ms the stop took").isLessThan(2000.0);
            assertThat(client.goAway().get(5, TimeUnit.SECONDS)).as("GOAWAY NO_ERROR").isZero();
            assertThat(client.closedWithin(2000)).as("closed by the gateway").isTrue();
        }
    }

    @Test
    void aStreamInFlightIsAnsweredAfterTheGoAway() throws Exception {
        try (H2Client client = H2Client.connect(port, "a.d.test", ca.caCertificate())) {
            CompletableFuture<H2Client.Response> slow = client.get("a.d.test", "/slow");
            while (gateway.proxy().exchangesInFlight() < 1) {
                Thread.sleep(10);
            }
            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
            assertThat(client.goAway().get(1000, TimeUnit.MILLISECONDS)).as("GOAWAY NO_ERROR, before the answer")
                    .isZero();
            assertThat(slow).isNotDone();
            H2Client.Response r = slow.get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("slow");
            closing.get(10, TimeUnit.SECONDS);
            assertThat(client.closedWithin(2000)).as("closed by the gateway").isTrue();
        }
    }
}
