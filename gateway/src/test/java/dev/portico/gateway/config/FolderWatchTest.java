package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatchTest {

    @TempDir
    Path dir;

    private static void await(AtomicInteger n, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (n.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void seesChangesInTheFolderAndItsSubfoldersButNotHiddenOrIgnoredFiles() throws Exception {
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("logs"));
        AtomicInteger changes = new AtomicInteger();
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FolderWatch w = FolderWatch.start(dir, c -> {
            seen.addAll(c.paths());
            changes.incrementAndGet();
        }, p -> p.startsWith(dir.resolve("logs")), Duration.ofMillis(50), Duration.ofMillis(500))) {
            Files.writeString(dir.resolve("apps/.a.properties.tmp"), "x");
            Files.writeString(dir.resolve("apps/a.properties~"), "x");
            Files.writeString(dir.resolve("logs/a.access.log"), "x");
            Thread.sleep(400);
            assertThat(changes.get()).as("hidden, backup and ignored files").isZero();

            Files.writeString(dir.resolve("apps/a.properties"), "domains = a.test\n");
            await(changes, 1);
            assertThat(changes.get()).isEqualTo(1);
            assertThat(seen).as("the paths that changed are reported").containsExactly(dir.resolve("apps/a.properties"));

            Files.createDirectories(dir.resolve("egress"));
            await(changes, 2);
            Thread.sleep(200);
            Files.writeString(dir.resolve("egress/allowlist.txt"), "example.com\n");
            await(changes, 3);
            assertThat(changes.get()).as("a folder made later is watched too").isEqualTo(3);

            Files.writeString(dir.resolve("gateway.properties"), "listen.http = 127.0.0.1:0\n");
            await(changes, 4);
            assertThat(changes.get()).isEqualTo(4);
        }
    }

    @Test
    void aStreamOfChangesStillReloadsWithinTheMaximumDelay() throws Exception {
        Files.createDirectories(dir.resolve("apps"));
        AtomicInteger changes = new AtomicInteger();
        try (FolderWatch w = FolderWatch.start(dir, c -> changes.incrementAndGet(), p -> false, Duration.ofMillis(200),
                Duration.ofMillis(600))) {
            long t0 = System.nanoTime();
            // a write every 50 ms never leaves 200 ms of quiet; the 600 ms cap must still fire
            while (changes.get() == 0 && System.nanoTime() - t0 < 3_000_000_000L) {
                Files.writeString(dir.resolve("apps/busy.properties"), "domains = b.test\n# " + System.nanoTime());
                Thread.sleep(50);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(changes.get()).isPositive();
            assertThat(millis).isLessThan(1500);
        }
    }
}
