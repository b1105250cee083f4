package dev.portico.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.TestFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The reason Portico exists: app A's backend is slow (2 s a request, 2 workers) and flooded by 100
 * concurrent visitors; app B is served meanwhile. A's backend never sees more than its workers, A's
 * visitors get 200 or a fast, honest 503, and B does not notice.
 */
class NoisyNeighbourTest {

    /** One visitor's result: status, failure flag, Retry-After, seconds it took. */
    record Outcome(int status, String flag, String retryAfter, double seconds) {
    }

    @Test
    void aFloodedSlowAppNeverHurtsItsNeighbour() throws Exception {
        try (EchoBackend slow = new EchoBackend(); EchoBackend calm = new EchoBackend()) {
            TestFolder f = new TestFolder(Files.createTempDirectory("portico-neighbour-"))
                    .app("hog", "domains", "hog.test", "backends", slow.url(), "workers", "2", "queue.size", "4",
                            "queue.timeout", "1s")
                    .app("calm", "domains", "calm.test", "backends", calm.url(), "workers", "8");
            Gateway gateway = Gateway.start(f.dir());
            ExecutorService visitors = Executors.newFixedThreadPool(110);
            try {
                int port = gateway.port(Gateway.HTTP);
                HttpClient client = HttpClient.newHttpClient(); // its own threads: the visitors block in send()
                measure(client, port, "calm.test", "/", 300); // warm up
                List<Double> alone = measure(client, port, "calm.test", "/", 400);

                List<Outcome> flood = Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean flooding = new AtomicBoolean(true);
                for (int i = 0; i < 100; i++) {
                    visitors.submit(() -> {
                        while (flooding.get()) {
                            flood.add(call(client, port, "hog.test", "/sleep/2000"));
                        }
                    });
                }
                Thread.sleep(1000);
                List<Double> during = measure(client, port, "calm.test", "/", 400);
                flooding.set(false);
                visitors.shutdown();
                assertThat(visitors.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

                assertThat(slow.maxInFlight()).as("the slow app never sees more than workers=2").isLessThanOrEqualTo(2);
                Map<Integer, Integer> codes = new ConcurrentHashMap<>();
                flood.forEach(o -> codes.merge(o.status(), 1, Integer::sum));
                assertThat(codes.keySet()).as("only 200 and 503, never 502/504/reset: %s", codes)
                        .containsOnly(200, 503);
                assertThat(codes.get(200)).isGreaterThanOrEqualTo(2);
                for (Outcome o : flood) {
                    if (o.status() == 503) {
                        assertThat(o.flag()).isIn("queue_full", "queue_timeout");
                        assertThat(Long.parseLong(o.retryAfter())).isPositive();
                        assertThat(o.seconds()).as("a 503 comes within the queue timeout").isLessThan(1.5);
                    }
                }
                assertThat(during).as("the neighbour saw no error").hasSize(400);
                double p99Alone = p99(alone);
                double p99During = p99(during);
                assertThat(p99During).as("neighbour p99 %s ms alone, %s ms under flood", p99Alone * 1000,
                        p99During * 1000).isLessThanOrEqualTo(Math.max(2 * p99Alone, p99Alone + 0.02));
                assertThat(gateway.apps().app("hog").state().limiter().inFlight()).isLessThanOrEqualTo(2);
            } finally {
                visitors.shutdownNow();
                gateway.close();
            }
        }
    }

    private static List<Double> measure(HttpClient client, int port, String host, String path, int n) {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Outcome o = call(client, port, host, path);
            assertThat(o.status()).as("neighbour request %d", i).isEqualTo(200);
            seconds.add(o.seconds());
        }
        return seconds;
    }

    static Outcome call(HttpClient client, int port, String host, String path) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Host", host).timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.discarding());
            return new Outcome(r.statusCode(), r.headers().firstValue("X-Portico-Failure").orElse(null),
                    r.headers().firstValue("Retry-After").orElse(null), (System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            return new Outcome(0, e.getClass().getSimpleName(), null, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static double p99(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }
}
