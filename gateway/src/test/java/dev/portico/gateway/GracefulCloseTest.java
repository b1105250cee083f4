package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.testing.Await;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gateway.close(): stop accepting, close idle connections, answer what is in flight, then stop. */
class GracefulCloseTest {

    @TempDir
    Path dir;
    SimpleBackend slow;
    Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        slow.close();
    }

    @Test
    void closeAnswersEveryRequestInFlightAndClosesIdleConnections() throws Exception {
        slow = new SimpleBackend("slow", 1200);
        new TestFolder(dir).app("site", "domains", "site.test", "backends", slow.url(), "workers", "16");
        gateway = Gateway.start(dir);
        int port = gateway.port(Gateway.HTTP);

        PlainClient idle = new PlainClient(port, 5000);
        assertThat(idle.get("site.test", "/?delay=0", true).status()).isEqualTo(200);

        List<CompletableFuture<PlainClient.Response>> inFlight = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inFlight.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PlainClient.once(port, "site.test", "/", 10_000);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        while (gateway.proxy().exchangesInFlight() < 6) {
            Thread.sleep(10);
        }
        long t0 = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
        Thread.sleep(200);

        assertThat(idle.closedByServer(1000)).as("an idle keep-alive connection is closed at once").isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(closing).isNotDone();
        for (CompletableFuture<PlainClient.Response> f : inFlight) {
            PlainClient.Response r = f.get();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("connection")).isEqualTo("close");
        }
        closing.get();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("close waited for the answers, not for shutdown.grace").isBetween(700L, 10_000L);
        assertThat(gateway.proxy().exchangesInFlight()).isZero();
    }

    /**
     * A connection accepted just before the stop may have its request on the way: it is read and answered
     * (with Connection: close), not reset. One that stays silent is closed after a second.
     */
    @Test
    void aConnectionAcceptedBeforeTheStopGetsItsFirstRequestAnswered() throws Exception {
        slow = new SimpleBackend("site", 0);
        new TestFolder(dir).app("site", "domains", "site.test", "backends", slow.url());
        gateway = Gateway.start(dir);
        int port = gateway.port(Gateway.HTTP);
        try (PlainClient fresh = new PlainClient(port, 5000).connect();
             PlainClient silent = new PlainClient(port, 5000).connect()) {
            Await.upTo5s(() -> gateway.openConnections() == 2);
            long t0 = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
            Await.upTo5s(() -> gateway.proxy().firstRequestsAwaited() == 2);
            assertThat(gateway.proxy().firstRequestsAwaited()).as("connections awaited by the drain").isEqualTo(2);

            PlainClient.Response r = fresh.get("site.test", "/", true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("site\n");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(silent.closedByServer(3000)).as("a silent connection is closed").isTrue();
            closing.get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(millis).as("the stop waited about a second for the silent one").isBetween(900L, 4000L);
            assertThat(gateway.proxy().firstRequestsAwaited()).isZero();
            assertThat(slow.requests()).isEqualTo(1);
        }
    }

    @Test
    void shutdownGraceBoundsTheWait() throws Exception {
        slow = new SimpleBackend("slow", 8000);
        new TestFolder(dir).gateway("shutdown.grace", "1s")
                .app("site", "domains", "site.test", "backends", slow.url());
        gateway = Gateway.start(dir);
        int port = gateway.port(Gateway.HTTP);
        CompletableFuture<Integer> stuck = CompletableFuture.supplyAsync(() -> {
            try {
                return PlainClient.once(port, "site.test", "/", 20_000).status();
            } catch (IOException e) {
                return -1;
            }
        });
        while (gateway.proxy().exchangesInFlight() < 1) {
            Thread.sleep(10);
        }
        long t0 = System.nanoTime();
        gateway.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).isBetween(900L, 4000L);
        assertThat(stuck.get()).as("a request still running after shutdown.grace is cut").isEqualTo(-1);
    }
}
