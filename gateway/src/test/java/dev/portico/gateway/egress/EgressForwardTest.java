package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Absolute-form plain HTTP through the egress proxy, as http_proxy clients send it: what the destination
 * receives, what comes back, keep-alive on both sides, bodies both ways, and the 502/504 answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressForwardTest {

    KeepAliveOrigin origin;
    EchoBackend echo;
    EgressGateway g;
    AuditCapture audit;
    HttpClient client;

    @BeforeAll
    void start() throws Exception {
        origin = new KeepAliveOrigin();
        echo = new EchoBackend();
        audit = new AuditCapture();
        g = EgressGateway.start("localhost\n",
                "alice.token = a-secret\nbob.token = b-secret\nbob.tier = paid\n",
                "anonymous = free\nallow.ranges = 127.0.0.0/8\nports = " + origin.port() + ", " + echo.port()
                        + ", " + closedPort() + "\ntimeout.response = 700ms\ntimeout.dns = 2s\n");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", g.port()))).build();
    }

    @AfterAll
    void stop() throws Exception {
        g.close();
        origin.close();
        echo.close();
        audit.close();
    }

    private static int closedPort;

    private static int closedPort() throws IOException {
        if (closedPort == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
        }
        return closedPort;
    }

    @Test
    void anHttpProxyClientGetsTheAnswerAndTheDestinationAnOriginFormRequest() throws Exception {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + origin.port() + "/path?q=1#frag")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).startsWith("request 1 on connection");
        String head = origin.heads().get(origin.heads().size() - 1);
        assertThat(head).startsWith("GET /path?q=1 HTTP/1.1\r\n");
        assertThat(head.toLowerCase()).contains("host: localhost:" + origin.port() + "\r\n");
        assertThat(audit.line("method=GET", "port=" + origin.port(), "status=200"))
                .contains("account=anonymous", "tier=free", "address=127.0.0.1", "decision=allowed", "bytes_down=");
    }

    @Test
    void proxyAndHopByHopHeadersStopAtTheProxyBothWays() throws Exception {
        String answer = ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/headers",
                ProxyClient.basic("alice", "a-secret"), "Proxy-Connection: keep-alive", "X-Private: 1",
                "Connection: X-Private", "Keep-Alive: timeout=5", "TE: trailers", "Upgrade: h2c",
                "Proxy-Custom: 1", "X-Kept: yes", "Host: someone.else");
        assertThat(RawHttp.status(answer)).isEqualTo(200);
        String head = origin.heads().get(origin.heads().size() - 1).toLowerCase();
        assertThat(head).contains("x-kept: yes", "host: localhost:" + origin.port());
        assertThat(head).doesNotContain("proxy-", "x-private", "keep-alive", "te:", "upgrade", "someone.else",
                "a-secret", "connection:");
        String back = answer.toLowerCase();
        assertThat(back).doesNotContain("x-hop", "proxy-agent", "keep-alive");
    }

    @Test
    void keepAliveOnBothSides() throws Exception {
        int before = origin.connections();
        try (Socket s = new Socket("127.0.0.1", g.port())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String auth = "Proxy-Authorization: " + ProxyClient.basic("bob", "b-secret") + "\r\n";
            for (int i = 1; i <= 3; i++) {
                out.write(("GET http://localhost:" + origin.port() + "/n HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(in)).endsWith("request " + i + " on connection " + (before + 1) + "\n");
            }
            // another address for the same destination port: a new upstream connection, the same client one
            out.write(("GET http://127.0.0.1:" + origin.port() + "/n HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).endsWith("request 1 on connection " + (before + 2) + "\n");
            out.write(("GET http://127.0.0.1:" + origin.port() + "/chunked HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).contains("Transfer-Encoding: chunked").endsWith("request 2 on connection "
                    + (before + 2) + "\n\r\n0\r\n\r\n");
            out.write(("HEAD http://127.0.0.1:" + origin.port() + "/chunked HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(ProxyClient.readHead(in)).startsWith("HTTP/1.1 200"); // and no body, not even a last chunk
            out.write(("GET http://127.0.0.1:" + origin.port() + "/until-close HTTP/1.1\r\nHost: x\r\n" + auth
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).containsIgnoringCase("Transfer-Encoding: chunked")
                    .contains("request 4 on connection " + (before + 2)); // the close-ended body, now chunked
            out.write(("GET http://127.0.0.1:" + origin.port() + "/n HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).endsWith("request 1 on connection " + (before + 3) + "\n");
        }
        assertThat(origin.connections()).isEqualTo(before + 3);
    }

    @Test
    void anHttp10ClientGetsAChunkedAnswerEndedByClose() {
        String answer = RawHttp.exchange(g.port(), "GET http://localhost:" + origin.port() + "/chunked HTTP/1.0\r\n\r\n",
                10_000);
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                .doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\nrequest 1 on connection "
                        + origin.connections() + "\n");
    }

    /** Reads one response with Content-Length or chunked framing; returns head and raw body. */
    private static String readResponse(InputStream in) throws IOException {
        String head = ProxyClient.readHead(in);
        int at = head.toLowerCase().indexOf("content-length:");
        if (at >= 0) {
            int n = Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).trim());
            return head + new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
        }
        StringBuilder body = new StringBuilder();
        while (!body.toString().endsWith("\r\n0\r\n\r\n") && !body.toString().equals("0\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            body.append((char) c);
        }
        return head + body;
    }

    @Test
    void bodiesTravelWholeBothWays() throws Exception {
        byte[] upload = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(upload);
        HttpResponse<byte[]> echoed = client.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + echo.port() + "/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo(upload);
        int size = 12 * 1024 * 1024;
        HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + echo.port()
                + "/big/" + size)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(big.body()).isEqualTo(EchoBackend.bigBody(size));
        assertThat(audit.line("port=" + echo.port(), "bytes_down=" + size + " ")).contains("status=200");
        assertThat(audit.line("port=" + echo.port(), "bytes_up=" + upload.length + " ")).contains("status=200");
    }

    @Test
    void aSlowDestinationIs504() {
        long t0 = System.nanoTime();
        String answer = ProxyClient.get(g.port(), "http://localhost:" + echo.port() + "/sleep/3000", null);
        assertThat(RawHttp.status(answer)).isEqualTo(504);
        assertThat(answer.toLowerCase()).contains("x-portico-failure: egress_timeout");
        assertThat(answer).contains("No answer within 700 ms (timeout.response)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        assertThat(audit.line("reason=response_timeout")).contains("decision=failed", "status=504");
    }

    @Test
    void anUnknownNameIs502AndAClosedPort502() {
        String dns = ProxyClient.get(g.port(), "http://no-such-host.invalid:" + origin.port() + "/",
                ProxyClient.basic("bob", "b-secret"));
        assertThat(RawHttp.status(dns)).isEqualTo(502);
        assertThat(dns.toLowerCase()).contains("x-portico-failure: egress_dns");
        assertThat(dns).contains("no-such-host.invalid could not be resolved");
        String refused = ProxyClient.get(g.port(), "http://localhost:" + closedPort + "/", null);
        assertThat(RawHttp.status(refused)).isEqualTo(502);
        assertThat(refused.toLowerCase()).contains("x-portico-failure: egress_connect");
        assertThat(refused).contains("502 Destination failed (egress_connect)", "refused the connection");
        assertThat(audit.line("reason=dns")).contains("decision=failed", "status=502", "account=bob");
        assertThat(audit.line("reason=connect ")).contains("decision=failed", "status=502");
    }

    @Test
    void anAnswerWithAHeaderNameHoldingASpaceIs502NotAShortenedHeader() {
        String answer = ProxyClient.get(g.port(), "http://localhost:" + origin.port() + "/bad-name",
                ProxyClient.basic("alice", "a-secret"));
        assertThat(RawHttp.status(answer)).isEqualTo(502);
        assertThat(answer.toLowerCase()).contains("x-portico-failure: egress_connect")
                .doesNotContain("\r\nbad:", "\r\nbad name");
        assertThat(answer).contains("The destination sent an answer that could not be read.");
        assertThat(audit.line("reason=upstream_reset")).contains("decision=failed", "status=502", "account=alice");
    }
}
