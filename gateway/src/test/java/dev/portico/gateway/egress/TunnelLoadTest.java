package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * 100 tunnels at once, each carrying 10 MB up to an echo server and the same 10 MB back, every byte in
 * order: backpressure holds on both sides of every tunnel while they share two event loops.
 */
class TunnelLoadTest {

    private static final int TUNNELS = 100;
    private static final int BYTES = 10 * 1024 * 1024;
    private static final byte[] BLOCK = new byte[1024 * 1024 + 7];

    static {
        new Random(42).nextBytes(BLOCK);
    }

    @Test
    void hundredTunnelsCarryTenMegabytesEachIntact() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2 * TUNNELS);
        try (EchoServer echo = new EchoServer();
             EgressGateway g = EgressGateway.start("", "load.token = l-secret\nload.tier = paid\n"
                     + "load.max.tunnels = " + TUNNELS + "\nload.rate = 0\n",
                     "allow.ranges = 127.0.0.0/8\nports = " + echo.port() + "\n")) {
            long t0 = System.nanoTime();
            List<ProxyClient.Tunnel> tunnels = new ArrayList<>();
            List<CompletableFuture<Long>> received = new ArrayList<>();
            for (int i = 0; i < TUNNELS; i++) {
                ProxyClient.Tunnel t = ProxyClient.connect(g.port(), "localhost:" + echo.port(),
                        ProxyClient.basic("load", "l-secret"));
                assertThat(t.status()).as(t.answer()).isEqualTo(200);
                tunnels.add(t);
                int offset = i * 7919;
                CompletableFuture.runAsync(() -> send(t, offset), threads);
                received.add(CompletableFuture.supplyAsync(() -> receive(t), threads));
            }
            for (int i = 0; i < TUNNELS; i++) {
                assertThat(received.get(i).get(120, TimeUnit.SECONDS)).as("tunnel %d", i)
                        .isEqualTo(expected(i * 7919));
            }
            System.out.printf("%d tunnels x %d MB both ways in %s%n", TUNNELS, BYTES >> 20,
                    Duration.ofNanos(System.nanoTime() - t0));
            for (ProxyClient.Tunnel t : tunnels) {
                t.close();
            }
            assertThat(echo.connections()).isEqualTo(TUNNELS);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void send(ProxyClient.Tunnel t, int offset) {
        try {
            OutputStream out = t.socket().getOutputStream();
            for (int sent = 0; sent < BYTES; ) {
                int from = (offset + sent) % BLOCK.length;
                int n = Math.min(Math.min(64 * 1024, BLOCK.length - from), BYTES - sent);
                out.write(BLOCK, from, n);
                sent += n;
            }
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checksum of the first {@link #BYTES} bytes that come back (or of fewer, when the tunnel ends early). */
    private static long receive(ProxyClient.Tunnel t) {
        try {
            t.socket().setSoTimeout(60_000);
            InputStream in = t.socket().getInputStream();
            CRC32C crc = new CRC32C();
            byte[] buf = new byte[64 * 1024];
            int total = 0;
            while (total < BYTES) {
                int n = in.read(buf, 0, Math.min(buf.length, BYTES - total));
                if (n < 0) {
                    break;
                }
                crc.update(buf, 0, n);
                total += n;
            }
            return total == BYTES ? crc.getValue() : -total;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long expected(int offset) {
        CRC32C crc = new CRC32C();
        for (int done = 0; done < BYTES; ) {
            int from = (offset + done) % BLOCK.length;
            int n = Math.min(Math.min(64 * 1024, BLOCK.length - from), BYTES - done);
            crc.update(BLOCK, from, n);
            done += n;
        }
        return crc.getValue();
    }
}
