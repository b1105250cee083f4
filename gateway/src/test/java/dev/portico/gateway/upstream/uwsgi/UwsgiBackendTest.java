package dev.portico.gateway.upstream.uwsgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real uWSGI behind a real gateway over the uwsgi protocol, on TCP and on a unix socket: what a WSGI app
 * sees in its environ, bodies both ways, the per-app queue in front of a fixed worker pool, and an app
 * that dies or cuts its answer short.
 */
class UwsgiBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static UwsgiProcess main;     // 2 workers, TCP and unix socket
    private static UwsgiProcess victim;   // 1 worker, killed mid-request
    private static UwsgiProcess survivor; // 1 worker, the victim's neighbour endpoint
    private static Gateway gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path uwsgi = SystemDeps.require("uwsgi", "uwsgi uwsgi-plugin-python3");
        main = UwsgiProcess.start(uwsgi, dir, "main", 2, true);
        victim = UwsgiProcess.start(uwsgi, dir, "victim", 1, false);
        survivor = UwsgiProcess.start(uwsgi, dir, "survivor", 1, false);
        TestFolder folder = new TestFolder(dir.resolve("config")).gateway("max.header", "128k")
                .app("py", "domains", "py.test", "backends", main.tcpBackend(), "workers", "2", "queue.size", "32")
                .app("pyunix", "domains", "unix.test", "backends", main.unixBackend(), "workers", "2")
                .app("small", "domains", "small.test", "backends", main.tcpBackend(), "max.body", "1m")
                .app("pair", "domains", "pair.test", "backends", victim.tcpBackend() + ", " + survivor.tcpBackend(),
                        "workers", "4", "circuit.failures", "1000");
        gateway = Gateway.start(folder.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        for (UwsgiProcess p : new UwsgiProcess[] {main, victim, survivor}) {
            if (p != null) {
                p.close();
            }
        }
    }

    private static JsonNode environ(HttpCall.Answer a) throws IOException {
        assertThat(a.status()).as(a.text()).isEqualTo(201);
        return JSON.readTree(a.body());
    }

    @Test
    void environHoldsWhatUwsgiParamsGive() throws IOException {
        HttpCall.Answer a = HttpCall.get(port, "py.test", "/caf%C3%A9/x?q=1%202&r", "X-Custom: v",
                "Cookie: s=1", "Cookie: t=2", "X_Custom: spoofed", "Proxy: http://evil.example:3128");
        JsonNode e = environ(a);
        assertThat(e.get("REQUEST_METHOD").asText()).isEqualTo("GET");
        assertThat(e.get("REQUEST_URI").asText()).isEqualTo("/caf%C3%A9/x?q=1%202&r");
        assertThat(e.get("PATH_INFO").asText()).isEqualTo("/caf\u00c3\u00a9/x"); // PEP 3333: bytes as latin-1
        assertThat(e.get("QUERY_STRING").asText()).isEqualTo("q=1%202&r");
        assertThat(e.get("SERVER_PROTOCOL").asText()).isEqualTo("HTTP/1.1");
        assertThat(e.get("SERVER_NAME").asText()).isEqualTo("py.test");
        assertThat(e.get("SERVER_PORT").asText()).isEqualTo(Integer.toString(port));
        assertThat(e.get("HTTP_HOST").asText()).isEqualTo("py.test");
        assertThat(e.get("REMOTE_ADDR").asText()).isEqualTo("127.0.0.1");
        assertThat(e.get("REMOTE_PORT").asText()).isEqualTo(Integer.toString(a.localPort()));
        assertThat(e.get("HTTP_X_CUSTOM").asText()).isEqualTo("v");
        assertThat(e.get("HTTP_COOKIE").asText()).isEqualTo("s=1; t=2");
        assertThat(e.get("HTTP_X_FORWARDED_FOR").asText()).isEqualTo("127.0.0.1");
        assertThat(e.get("HTTP_X_REQUEST_ID").asText()).isNotBlank();
        assertThat(e.get("DOCUMENT_ROOT").asText()).isEmpty();
        assertThat(e.get("CONTENT_LENGTH").asText()).isEmpty();
        assertThat(e.get("wsgi.url_scheme").asText()).isEqualTo("http");
        assertThat(e.has("HTTPS")).isFalse();
        assertThat(e.has("HTTP_PROXY")).isFalse();
        assertThat(e.get("body_len").asInt()).isZero();
    }

    @Test
    void statusAndEverySetCookieReachTheVisitor() {
        String raw = RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: py.test\r\nConnection: close\r\n\r\n", 10_000);
        assertThat(RawHttp.status(raw)).isEqualTo(201);
        String head = raw.substring(0, raw.indexOf("\r\n\r\n") + 2);
        assertThat(head).contains("\r\nSet-Cookie: a=1; Path=/\r\n").contains("\r\nSet-Cookie: b=2; Path=/\r\n")
                .contains("\r\nContent-Type: application/json\r\n");
    }

    @Test
    void overAUnixSocket() throws IOException {
        JsonNode e = environ(HttpCall.get(port, "unix.test", "/over-unix?x=1"));
        assertThat(e.get("PATH_INFO").asText()).isEqualTo("/over-unix");
        assertThat(e.get("QUERY_STRING").asText()).isEqualTo("x=1");
        assertThat(e.get("SERVER_NAME").asText()).isEqualTo("unix.test");
        byte[] body = random(1024 * 1024);
        JsonNode up = environ(HttpCall.send(port, "PUT", "unix.test", "/put", body, "Content-Type: application/x-test"));
        assertThat(up.get("body_md5").asText()).isEqualTo(md5(body));
        assertThat(up.get("CONTENT_LENGTH").asText()).isEqualTo(Integer.toString(body.length));
    }

    @Test
    void fiveMibUploadWithContentLength() throws IOException {
        byte[] body = random(5 * 1024 * 1024);
        JsonNode e = environ(HttpCall.send(port, "POST", "py.test", "/up", body, "Content-Type: application/x-test"));
        assertThat(e.get("CONTENT_LENGTH").asText()).isEqualTo("5242880");
        assertThat(e.get("CONTENT_TYPE").asText()).isEqualTo("application/x-test");
        assertThat(e.get("body_len").asInt()).isEqualTo(body.length);
        assertThat(e.get("body_md5").asText()).isEqualTo(md5(body));
    }

    @Test
    void chunkedUploadArrivesWithAContentLength() throws IOException {
        byte[] small = "hello world".getBytes(StandardCharsets.US_ASCII);
        JsonNode e = environ(HttpCall.send(port, "POST", "py.test", "/c", HttpCall.chunked(small, 5, 6),
                "Transfer-Encoding: chunked"));
        assertThat(e.get("CONTENT_LENGTH").asText()).isEqualTo("11");
        assertThat(e.get("body_md5").asText()).isEqualTo(md5(small));
        assertThat(e.has("HTTP_TRANSFER_ENCODING")).isFalse();

        // Larger than what is kept in memory: collected in a temporary file, then sent.
        byte[] large = random(3 * 1024 * 1024 + 17);
        JsonNode l = environ(HttpCall.send(port, "POST", "py.test", "/c", HttpCall.chunked(large, 7000, 70_000, 1),
                "Transfer-Encoding: chunked"));
        assertThat(l.get("CONTENT_LENGTH").asText()).isEqualTo(Integer.toString(large.length));
        assertThat(l.get("body_md5").asText()).isEqualTo(md5(large));
    }

    @Test
    void chunkedUploadOverMaxBodyIs413AndNeverReachesTheApp() {
        HttpCall.Answer a = HttpCall.send(port, "POST", "small.test", "/chunked-too-big",
                HttpCall.chunked(random(2 * 1024 * 1024), 65536), "Transfer-Encoding: chunked");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.header("X-Portico-Failure")).isEqualTo("body_too_large");
        assertThat(main.log()).doesNotContain("/chunked-too-big");
    }

    @Test
    void chunkedUploadWithExpectContinueGetsItsContinueFirst() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /expect HTTP/1.1\r\nHost: py.test\r\nTransfer-Encoding: chunked\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String interim = readUntilBlankLine(in);
            assertThat(interim).startsWith("HTTP/1.1 100 Continue");
            s.getOutputStream().write(HttpCall.chunked("abc".getBytes(StandardCharsets.US_ASCII), 2));
            HttpCall.Answer a = HttpCall.read(in, false, s.getLocalPort());
            JsonNode e = environ(a);
            assertThat(e.get("CONTENT_LENGTH").asText()).isEqualTo("3");
            assertThat(e.has("HTTP_EXPECT")).isFalse();
        }
    }

    @Test
    void tenMibStreamedResponseIntact() {
        HttpCall.Answer a = HttpCall.get(port, "py.test", "/stream/160");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.complete()).isTrue();
        assertThat(a.body()).hasSize(160 * 65536);
        for (int i = 0; i < a.body().length; i++) {
            if (a.body()[i] != (byte) i) {
                throw new AssertionError("byte " + i + " is " + a.body()[i]);
            }
        }
    }

    @Test
    void headAnswerHasNoBodyAndTheConnectionCarriesOn() {
        String raw = RawHttp.exchange(port, "HEAD / HTTP/1.1\r\nHost: py.test\r\n\r\n"
                + "GET /second HTTP/1.1\r\nHost: py.test\r\nConnection: close\r\n\r\n", 10_000);
        assertThat(RawHttp.status(raw)).isEqualTo(201);
        int first = raw.indexOf("\r\n\r\n") + 4;
        assertThat(raw.substring(0, first)).containsPattern("(?i)content-length: \\d+");
        assertThat(raw.substring(first)).startsWith("HTTP/1.1 201 Created\r\n").contains("\"PATH_INFO\": \"/second\"");
    }

    @Test
    void headersOverSixtyFourKibAre431BeforeTheAppIsAsked() throws IOException {
        JsonNode fits = environ(HttpCall.get(port, "py.test", "/big-head-fits", "X-Big: " + "a".repeat(60_000)));
        assertThat(fits.get("HTTP_X_BIG").asText()).hasSize(60_000);
        HttpCall.Answer a = HttpCall.get(port, "py.test", "/big-head-refused", "X-Big: " + "a".repeat(66_000));
        assertThat(a.status()).isEqualTo(431);
        assertThat(a.header("X-Portico-Failure")).isEqualTo("headers_too_large");
        assertThat(main.log()).contains("/big-head-fits").doesNotContain("/big-head-refused");
    }

    @Test
    void concurrentRequestsBeyondTheWorkersWaitTheirTurnOnAtMostWorkersConnections() throws Exception {
        ConnectionSampler sampler = new ConnectionSampler(main.port());
        ExecutorService visitors = Executors.newFixedThreadPool(12);
        try {
            sampler.start();
            long start = System.nanoTime();
            List<CompletableFuture<HttpCall.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> HttpCall.get(port, "py.test", "/slow?ms=300"), visitors));
            }
            for (CompletableFuture<HttpCall.Answer> f : answers) {
                assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("12 requests of 300 ms, 2 at a time").isGreaterThanOrEqualTo(6 * 300 - 50);
        } finally {
            sampler.stop();
            visitors.shutdownNow();
        }
        assertThat(sampler.max()).as("connections the gateway held to uWSGI at once").isBetween(1, 2);
    }

    @Test
    void uwsgiKilledMidRequestFailsThatRequestOnly() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        double resetsBefore = metric("portico_upstream_failures_total{app=\"pair\",reason=\"reset\"}");
        ExecutorService visitors = Executors.newFixedThreadPool(2);
        try {
            // One at a time, so that the second goes to the endpoint with nothing outstanding.
            CompletableFuture<HttpCall.Answer> first = CompletableFuture.supplyAsync(
                    () -> HttpCall.get(port, "pair.test", "/slow?ms=5000&mark=" + marks), visitors);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.list(marks).count() == 1);
            CompletableFuture<HttpCall.Answer> second = CompletableFuture.supplyAsync(
                    () -> HttpCall.get(port, "pair.test", "/slow?ms=5000&mark=" + marks), visitors);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marks.resolve("victim.started"))
                    && Files.exists(marks.resolve("survivor.started")));
            victim.kill();
            List<HttpCall.Answer> both = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
            HttpCall.Answer failed = both.stream().filter(a -> a.status() == 502).findFirst().orElseThrow(
                    () -> new AssertionError("no 502 among " + both.stream().map(HttpCall.Answer::status).toList()));
            assertThat(failed.header("X-Portico-Failure")).isEqualTo("upstream_reset");
            HttpCall.Answer other = both.get(failed == both.get(0) ? 1 : 0);
            assertThat(environ(other).get("instance").asText()).isEqualTo("survivor");
        } finally {
            visitors.shutdownNow();
        }
        assertThat(metric("portico_upstream_failures_total{app=\"pair\",reason=\"reset\"}")).isEqualTo(resetsBefore + 1);
        for (int i = 0; i < 6; i++) {
            assertThat(environ(HttpCall.get(port, "pair.test", "/after-kill")).get("instance").asText())
                    .isEqualTo("survivor");
        }
        victim.restart();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                environ(HttpCall.get(port, "pair.test", "/after-restart")).get("instance").asText().equals("victim"));
    }

    @Test
    void answerCutShortClosesTheVisitorsConnectionAndIsCounted() {
        double before = metric("portico_upstream_failures_total{app=\"py\",reason=\"truncated\"}");
        HttpCall.Answer a = HttpCall.get(port, "py.test", "/cut");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Length")).isEqualTo(Integer.toString(1 << 20));
        assertThat(a.body().length).isLessThan(1 << 20);
        assertThat(a.complete()).isFalse();
        assertThat(metric("portico_upstream_failures_total{app=\"py\",reason=\"truncated\"}")).isEqualTo(before + 1);
    }

    /** A sample's value from the gateway's Prometheus text, 0 when the series does not exist yet. */
    private static double metric(String series) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            gateway.metrics().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    private static String readUntilBlankLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
