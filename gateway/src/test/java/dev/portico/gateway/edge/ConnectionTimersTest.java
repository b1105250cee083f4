package dev.portico.gateway.edge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.TestFolder;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A head that does not finish in time is answered 408 and closed; an idle keep-alive is closed quietly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionTimersTest {

    private WireMockServer app;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Length", "2").withBody("ok")));
        TestFolder f = new TestFolder(Files.createTempDirectory("portico-timers-"))
                .gateway("timeout.header", "400ms").gateway("timeout.idle", "700ms")
                .app("site", "domains", "site.test", "backends", app.baseUrl());
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @Test
    void slowHeadGets408ThenClose() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: site.test\r\nX-Slow: ".getBytes());
            long t0 = System.nanoTime();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("request_timeout");
            assertThat(ms).isBetween(300L, 3000L);
        }
        assertThat(app.getAllServeEvents()).isEmpty();
    }

    @Test
    void idleKeepAliveIsClosedAfterTimeoutIdle() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /one HTTP/1.1\r\nHost: site.test\r\n\r\n".getBytes());
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            long t0 = System.nanoTime();
            assertThat(in.read()).as("closed by the gateway, nothing more sent").isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(400L, 3000L);
        }
    }

    @Test
    void aConnectionThatStaysBusyIsNotCutByTheIdleTimer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            for (int i = 0; i < 4; i++) {
                s.getOutputStream().write(("GET /r" + i + " HTTP/1.1\r\nHost: site.test\r\n\r\n").getBytes());
                assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
                Thread.sleep(400); // each pause is shorter than timeout.idle; together they are longer
            }
        }
    }

    /** Reads one response whose body is the two bytes "ok". */
    private static String readResponse(InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        while (!(b.indexOf("\r\n\r\n") > 0 && b.toString().endsWith("ok"))) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
