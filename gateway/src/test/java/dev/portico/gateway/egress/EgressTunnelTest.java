package dev.portico.gateway.egress;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CONNECT tunnels as https_proxy clients use them: TLS end to end with the destination, bytes the client
 * sends before the answer, half-closes, the idle timeout, and the 502/504 answers when the destination
 * cannot be reached. Local destinations are reachable here only through allow.ranges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressTunnelTest {

    WireMockServer tls;
    EchoServer echo;
    ServerSocket full; // never accepts: once its backlog is full, connections to it time out
    List<Socket> backlog = new ArrayList<>();
    int closedPort;
    EgressGateway g;
    AuditCapture audit;

    @BeforeAll
    void start() throws Exception {
        tls = new WireMockServer(options().dynamicHttpsPort().httpDisabled(true).bindAddress("127.0.0.1"));
        tls.start();
        tls.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200).withBody("hello over tls")));
        echo = new EchoServer();
        full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        audit = new AuditCapture();
        g = EgressGateway.start("localhost\n", "alice.token = a-secret\nbob.token = b-secret\nbob.tier = paid\n",
                policy(""));
    }

    private String policy(String more) {
        return "anonymous = deny\nallow.ranges = 127.0.0.0/8\nports = " + tls.httpsPort() + ", " + echo.port() + ", "
                + full.getLocalPort() + ", " + closedPort + "\ntimeout.connect = 1s\n" + more;
    }

    @AfterAll
    void stop() throws Exception {
        g.close();
        tls.stop();
        echo.close();
        for (Socket s : backlog) {
            s.close();
        }
        full.close();
        audit.close();
    }

    @Test
    void connectThenTlsEndToEndWithTheDestination() throws Exception {
        String authority = "localhost:" + tls.httpsPort();
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), authority, ProxyClient.basic("alice", "a-secret"))) {
            assertThat(t.answer()).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
            SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(t.socket(), "localhost",
                    tls.httpsPort(), true);
            ssl.startHandshake();
            ssl.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(ssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello over tls");
        }
        tls.verify(1, getRequestedFor(urlEqualTo("/hello")));
        String line = audit.line("method=CONNECT", "port=" + tls.httpsPort(), "decision=allowed");
        assertThat(line).contains("account=alice", "tier=free", "address=127.0.0.1", "status=200")
                .doesNotContain("bytes_up=0 ", "bytes_down=0 ");
    }

    @Test
    void bytesSentRightAfterTheConnectHeadGoThrough() throws Exception {
        try (Socket s = new Socket("127.0.0.1", g.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("CONNECT localhost:" + echo.port() + " HTTP/1.1\r\nProxy-Authorization: "
                    + ProxyClient.basic("bob", "b-secret") + "\r\n\r\nearly bytes").getBytes(StandardCharsets.US_ASCII));
            assertThat(ProxyClient.readHead(s.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(new String(s.getInputStream().readNBytes(11), StandardCharsets.US_ASCII))
                    .isEqualTo("early bytes");
        }
    }

    @Test
    void aHalfCloseTravelsAndTheRestStillArrives() throws Exception {
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + echo.port(),
                ProxyClient.basic("bob", "b-secret"))) {
            byte[] data = new byte[300_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7);
            }
            t.socket().getOutputStream().write(data);
            t.socket().shutdownOutput(); // the echo server answers everything, then closes its side
            byte[] back = t.socket().getInputStream().readAllBytes();
            assertThat(back).isEqualTo(data);
        }
        assertThat(audit.line("port=" + echo.port(), "bytes_up=300000 ")).contains("bytes_down=300000 ");
    }

    @Test
    void aTunnelIsClosedAfterTimeoutIdleWithoutTrafficOnly() throws Exception {
        g.edit("policy.properties", policy("timeout.idle = 3s\n"));
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + echo.port(),
                ProxyClient.basic("bob", "b-secret"))) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofSeconds(7).toNanos()) { // busy: stays open past the idle time
                t.socket().getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(t.socket().getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
                        .isEqualTo("ping");
                Thread.sleep(200);
            }
            long quiet = System.nanoTime();
            assertThat(t.socket().getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - quiet)).isBetween(Duration.ofMillis(2500),
                    Duration.ofMillis(10_000));
        } finally {
            g.edit("policy.properties", policy(""));
        }
    }

    @Test
    void aRefusedConnectionIs502AndASilentOne504() throws Exception {
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + closedPort,
                ProxyClient.basic("bob", "b-secret"))) {
            assertThat(t.status()).isEqualTo(502);
            assertThat(t.answer().toLowerCase()).contains("x-portico-failure: egress_connect", "connection: close");
        }
        fillBacklog();
        long t0 = System.nanoTime();
        try (ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + full.getLocalPort(),
                ProxyClient.basic("bob", "b-secret"))) {
            assertThat(t.status()).as(t.answer()).isEqualTo(504);
            assertThat(t.answer().toLowerCase()).contains("x-portico-failure: egress_timeout");
            assertThat(t.answer()).contains("No connection within 1000 ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        assertThat(audit.line("reason=connect_timeout")).contains("decision=failed", "status=504");
    }

    /** Connects to the never-accepting listener until a connect no longer completes (its queue is full). */
    private void fillBacklog() throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 300);
                backlog.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return;
            }
        }
        throw new IllegalStateException("the listen backlog never filled");
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
