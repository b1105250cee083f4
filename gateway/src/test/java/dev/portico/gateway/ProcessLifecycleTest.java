package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.testing.AdminClient;
import dev.portico.gateway.testing.GatewayProcess;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a real process shows: SIGTERM drains, SIGHUP reloads, a new process takes over the port. */
class ProcessLifecycleTest {

    @TempDir
    Path dir;
    SimpleBackend backend;
    final List<GatewayProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (GatewayProcess p : processes) {
            p.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    /** Starts a process on {@code folder} and waits until its admin listener says it is ready. */
    private GatewayProcess start(Path folder, int adminPort) throws Exception {
        GatewayProcess p = GatewayProcess.start(folder, folder.resolve("gateway.log"));
        processes.add(p);
        assertThat(p.awaitListening(adminPort, 30_000)).as("listening; log: %s", p.log()).isTrue();
        AdminClient admin = new AdminClient(adminPort, null);
        while (admin.get("/readyz").status() != 200) {
            Thread.sleep(20);
        }
        return p;
    }

    private TestFolder folder(Path d, int http, int admin) {
        return new TestFolder(d).gateway("listen.http", "127.0.0.1:" + http)
                .gateway("listen.admin", "127.0.0.1:" + admin)
                .app("site", "domains", "site.test", "backends", backend.url(), "workers", "32");
    }

    @Test
    void sigtermAnswersEverySlowRequestInFlightThenExits() throws Exception {
        backend = new SimpleBackend("slow", 1500);
        int http = GatewayProcess.freePort();
        int admin = GatewayProcess.freePort();
        Path d = dir.resolve("a");
        folder(d, http, admin);
        GatewayProcess p = start(d, admin);
        List<CompletableFuture<Integer>> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slow.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PlainClient.once(http, "site.test", "/", 20_000).status();
                } catch (IOException e) {
                    return -1;
                }
            }));
        }
        Thread.sleep(500);
        p.terminate();
        for (CompletableFuture<Integer> f : slow) {
            assertThat(f.get()).isEqualTo(200);
        }
        assertThat(p.awaitExit(20_000)).as("exited after draining").isTrue();
        assertThat(p.log()).contains("draining: 5 requests in flight")
                .contains("drained in").contains("every request in flight was answered");
    }

    @Test
    void sighupReloadsTheFolder() throws Exception {
        backend = new SimpleBackend("site", 0);
        int http = GatewayProcess.freePort();
        int admin = GatewayProcess.freePort();
        Path d = dir.resolve("a");
        folder(d, http, admin);
        GatewayProcess p = start(d, admin);
        p.signal("HUP");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!p.log().contains("config reloaded (SIGHUP)") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.log()).contains("config reloaded (SIGHUP)");
        assertThat(p.alive()).as("SIGHUP reloads, it does not stop the JVM").isTrue();
    }

    /**
     * The upgrade procedure of docs/operations.md: start the new process on the same port (SO_REUSEPORT),
     * wait until it is ready, SIGTERM the old one. Visitors opening a connection per request all along
     * must never be refused, nor reset.
     */
    @Test
    void aNewProcessTakesOverThePortUnderLoadWithoutARefusedConnection() throws Exception {
        handOver(false);
    }

    /** A rollback: the new process is the one stopped, and the old one takes the port back. */
    @Test
    void theOldProcessTakesThePortBackUnderLoadWithoutARefusedConnection() throws Exception {
        handOver(true);
    }

    private void handOver(boolean stopTheNewOne) throws Exception {
        backend = new SimpleBackend("site", 5);
        int http = GatewayProcess.freePort();
        int adminA = GatewayProcess.freePort();
        int adminB = GatewayProcess.freePort();
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        folder(a, http, adminA);
        folder(b, http, adminB);
        GatewayProcess old = start(a, adminA);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Map<String, Integer> otherFailures = new ConcurrentHashMap<>();
        List<Thread> visitors = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread v = new Thread(() -> {
                while (running.get()) {
                    try {
                        int status = PlainClient.once(http, "site.test", "/", 10_000).status();
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else {
                            otherFailures.merge("status " + status, 1, Integer::sum);
                        }
                    } catch (ConnectException e) {
                        refused.incrementAndGet();
                    } catch (IOException e) {
                        otherFailures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            });
            v.start();
            visitors.add(v);
        }
        Thread.sleep(1000);
        GatewayProcess next = start(b, adminB);
        int beforeHandover = ok.get();
        GatewayProcess stopped = stopTheNewOne ? next : old;
        GatewayProcess staying = stopTheNewOne ? old : next;
        stopped.terminate();
        assertThat(stopped.awaitExit(20_000)).isTrue();
        int atExit = ok.get();
        Thread.sleep(1500);
        running.set(false);
        for (Thread v : visitors) {
            v.join(15_000);
        }
        assertThat(refused.get()).as("refused connections").isZero();
        assertThat(otherFailures).as("other failures").isEmpty();
        assertThat(beforeHandover).isGreaterThan(50);
        assertThat(ok.get() - atExit).as("answered by the other process after one exited").isGreaterThan(50);
        assertThat(staying.alive()).isTrue();
        assertThat(stopped.log()).contains("drained in");
    }
}
