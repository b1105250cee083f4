package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.ReloadOutcome;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads while visitors keep coming: not one request may fail. */
class ReloadUnderLoadTest {

    @TempDir
    Path dir;
    SimpleBackend one;
    SimpleBackend two;
    Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        one = new SimpleBackend("one", 0);
        two = new SimpleBackend("two", 0);
        new TestFolder(dir).app("site", "domains", "site.test", "backends", one.url(), "workers", "8");
        gateway = Gateway.start(dir);
    }

    @AfterEach
    void stop() {
        gateway.close();
        one.close();
        two.close();
    }

    @Test
    void hundredReloadsUnderSustainedLoadFailNoRequest() throws Exception {
        int port = gateway.port(Gateway.HTTP);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<Thread> visitors = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            boolean keepAlive = t < 6; // most reuse connections, some open one per request
            Thread v = new Thread(() -> {
                PlainClient c = new PlainClient(port, 10_000);
                while (running.get()) {
                    try {
                        PlainClient.Response r = c.get("site.test", "/", keepAlive);
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.merge("status " + r.status() + " " + r.header("x-portico-failure"), 1, Integer::sum);
                        }
                    } catch (IOException e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                        c.close();
                    }
                }
                c.close();
            });
            v.start();
            visitors.add(v);
        }
        TestFolder folder = new TestFolder(dir);
        int applied = 0;
        for (int i = 0; i < 100; i++) {
            // every reload happens while requests keep finishing: wait for a few since the last one
            int before = ok.get();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ok.get() < before + 3 && System.nanoTime() < deadline && failures.isEmpty()) {
                Thread.sleep(2);
            }
            assertThat(ok.get()).as("requests finished before reload %d", i).isGreaterThanOrEqualTo(before + 3);
            SimpleBackend target = i % 2 == 0 ? two : one;
            folder.app("site", "domains", "site.test", "backends", target.url(), "workers", String.valueOf(6 + i % 3));
            folder.app("extra" + i, "domains", "extra" + i + ".test", "backends", one.url());
            if (i > 0) {
                folder.removeApp("extra" + (i - 1));
            }
            ReloadOutcome o = gateway.reloader().reload("test");
            assertThat(o).isInstanceOf(ReloadOutcome.Applied.class);
            applied++;
        }
        Thread.sleep(300);
        running.set(false);
        for (Thread v : visitors) {
            v.join(15_000);
        }
        assertThat(applied).isEqualTo(100);
        assertThat(failures).as("failed requests during 100 reloads").isEmpty();
        assertThat(ok.get()).isGreaterThan(300);
        assertThat(one.requests()).isPositive();
        assertThat(two.requests()).isPositive();
        assertThat(gateway.config().apps()).containsOnlyKeys("site", "extra99");
    }

    @Test
    void theFileWatchPutsANewAppAndEgressChangesInForce() throws Exception {
        int port = gateway.port(Gateway.HTTP);
        assertThat(PlainClient.once(port, "fresh.test", "/", 5000).status()).isEqualTo(404);
        long t0 = System.nanoTime();
        new TestFolder(dir).app("fresh", "domains", "fresh.test", "backends", two.url());
        int status = 0;
        while (System.nanoTime() - t0 < 5_000_000_000L && status != 200) {
            status = PlainClient.once(port, "fresh.test", "/", 5000).status();
            if (status != 200) {
                Thread.sleep(20);
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(status).isEqualTo(200);
        assertThat(millis).as("new app live after (ms)").isLessThan(3000);

        double before = reloads("success");
        new TestFolder(dir).write("egress/allowlist.txt", "example.com\n");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (reloads("success") == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(reloads("success")).as("a change in egress/ reloads").isGreaterThan(before);
    }

    @Test
    void aBurstOfChangesIsOneReload() throws Exception {
        Thread.sleep(400); // let the start settle
        double before = reloads("success");
        TestFolder folder = new TestFolder(dir);
        for (int i = 0; i < 50; i++) {
            folder.app("burst" + i, "domains", "burst" + i + ".test", "backends", one.url());
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gateway.config().apps().size() < 51 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        assertThat(gateway.config().apps()).hasSize(51);
        assertThat(reloads("success") - before).as("reloads for 50 files written at once").isBetween(1.0, 3.0);
    }

    private double reloads(String result) {
        return gateway.metrics().registry().scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals("portico_config_reloads"))
                .flatMap(m -> m.getDataPoints().stream())
                .filter(d -> d.getLabels().get("result").equals(result))
                .mapToDouble(d -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) d)
                        .getValue())
                .sum();
    }
}
