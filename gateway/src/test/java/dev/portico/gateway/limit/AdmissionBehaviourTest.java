package dev.portico.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TcpCanary;
import dev.portico.gateway.testing.TestFolder;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-app admission as visitors see it: FIFO queue, leaving the queue, rate limits, permits never leaking. */
class AdmissionBehaviourTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private Gateway start(TestFolder f) throws Exception {
        Gateway g = Gateway.start(f.dir());
        closing.add(0, g);
        return g;
    }

    private EchoBackend backend() throws Exception {
        EchoBackend b = new EchoBackend();
        closing.add(b);
        return b;
    }

    @Test
    void queuedRequestsReachTheAppInArrivalOrder() throws Exception {
        EchoBackend app = backend();
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-fifo-"))
                .app("one", "domains", "one.test", "backends", app.url(), "workers", "1", "queue.size", "10"));
        int port = g.port(Gateway.HTTP);
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "/sleep/150?n=" + i;
            all.add(CompletableFuture.supplyAsync(() -> Http.get(port, "one.test", path)));
            int arrived = i + 1; // each is admitted or queued before the next one is sent
            await().atMost(3, TimeUnit.SECONDS).until(() ->
                    app.received().size() + g.apps().app("one").state().limiter().queued() >= arrived);
        }
        for (var f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(app.received()).extracting(EchoBackend.Received::uri)
                .containsExactly("/sleep/150?n=0", "/sleep/150?n=1", "/sleep/150?n=2", "/sleep/150?n=3",
                        "/sleep/150?n=4", "/sleep/150?n=5");
        assertThat(app.maxInFlight()).isEqualTo(1);
    }

    @Test
    void aVisitorWhoLeavesWhileQueuedFreesItsPlace() throws Exception {
        EchoBackend app = backend();
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-leave-"))
                .app("one", "domains", "one.test", "backends", app.url(), "workers", "1", "queue.size", "1",
                        "queue.timeout", "10s"));
        int port = g.port(Gateway.HTTP);
        CompletableFuture<HttpResponse<byte[]>> holder = CompletableFuture.supplyAsync(
                () -> Http.get(port, "one.test", "/sleep/1500"));
        await().until(() -> app.inFlight() == 1);
        try (Socket leaving = new Socket("127.0.0.1", port)) {
            OutputStream out = leaving.getOutputStream();
            out.write("GET /never HTTP/1.1\r\nHost: one.test\r\n\r\n".getBytes());
            out.flush();
            await().until(() -> g.apps().app("one").state().limiter().queued() == 1);
        }
        await().atMost(2, TimeUnit.SECONDS).until(() -> g.apps().app("one").state().limiter().queued() == 0);
        HttpResponse<byte[]> next = Http.get(port, "one.test", "/after");
        assertThat(next.statusCode()).as("queued in the freed place, not refused").isEqualTo(200);
        assertThat(holder.get().statusCode()).isEqualTo(200);
        assertThat(app.received()).extracting(EchoBackend.Received::uri).doesNotContain("/never");
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        EchoBackend app = backend();
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-rate-"))
                .app("limited", "domains", "limited.test", "backends", app.url(), "rate", "5"));
        int port = g.port(Gateway.HTTP);
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            HttpResponse<byte[]> r = Http.get(port, "limited.test", "/r");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.headers().firstValue("X-Portico-Failure")).contains("rate_limited");
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
                limited++;
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(15);
        assertThat(app.received()).hasSize(ok);
    }

    @Test
    void permitsNeverLeakAcrossFailuresAndDisconnects() throws Exception {
        EchoBackend app = backend();
        TcpCanary broken = new TcpCanary(TcpCanary.Mode.CLOSE_AFTER_HEAD);
        closing.add(broken);
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-churn-"))
                .app("mixed", "domains", "mixed.test", "backends", app.url(), "workers", "3", "queue.size", "20",
                        "queue.timeout", "300ms", "queue.full.delay", "0")
                .app("broken", "domains", "broken.test", "backends", broken.url(), "workers", "2",
                        "queue.size", "5", "circuit.failures", "1000000"));
        int port = g.port(Gateway.HTTP);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            done.add(CompletableFuture.runAsync(() -> oneMixedRequest(port, n), pool));
        }
        for (var f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        await().atMost(5, TimeUnit.SECONDS).until(() ->
                g.apps().app("mixed").state().limiter().inFlight() == 0
                        && g.apps().app("mixed").state().limiter().queued() == 0
                        && g.apps().app("broken").state().limiter().inFlight() == 0);
        assertThat(Http.get(port, "mixed.test", "/still-fine").statusCode()).isEqualTo(200);
    }

    private static void oneMixedRequest(int port, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            String host = n % 5 == 0 ? "broken.test" : "mixed.test";
            String path = r.nextInt(4) == 0 ? "/sleep/" + r.nextInt(20) : "/x";
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes());
            if (r.nextInt(6) == 0) {
                return; // the visitor leaves at once, whatever state its request is in
            }
            s.getInputStream().readAllBytes();
        } catch (Exception e) {
            // resets are part of the mix
        }
    }

    @Test
    void connectionCapPerAddressAnswers503AndCloses() throws Exception {
        EchoBackend app = backend();
        Gateway g = start(new TestFolder(Files.createTempDirectory("portico-conns-"))
                .gateway("connections.per.address", "3")
                .app("site", "domains", "site.test", "backends", app.url()));
        int port = g.port(Gateway.HTTP);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new Socket("127.0.0.1", port));
            }
            // listeners share the port (SO_REUSEPORT): wait until all three are accepted before the fourth
            await().atMost(3, TimeUnit.SECONDS).until(() -> g.openConnections() == 3);
            String refused = RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: site.test\r\n\r\n", 3000);
            assertThat(RawHttp.status(refused)).isEqualTo(503);
            assertThat(refused).contains("X-Portico-Failure: connection_limit");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        await().atMost(3, TimeUnit.SECONDS).until(() ->
                RawHttp.status(RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: site.test\r\nConnection: close\r\n\r\n",
                        3000)) == 200);
    }
}
