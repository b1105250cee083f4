package dev.portico.gateway.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses rotated logs on its own thread, so that gzipping 100 MB never holds up the writer:
 * {@code x.log.1.gz} is the newest, {@code x.log.<keep>.gz} the oldest kept; older ones are deleted.
 * One thread, so the renames of one log never interleave.
 */
final class Archiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portico-log-archiver");
        t.setDaemon(true);
        return t;
    });

    /** Turns {@code full} (the rotated content of {@code base}) into {@code base.1.gz}, shifting older ones. */
    void archive(Path full, Path base, int keep) {
        thread.execute(() -> {
            try {
                shift(base, keep);
                Path gz = numbered(base, 1);
                Path tmp = gz.resolveSibling("." + gz.getFileName() + ".tmp");
                try (InputStream in = Files.newInputStream(full);
                     OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                    in.transferTo(out);
                }
                Files.move(tmp, gz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(full);
            } catch (IOException e) {
                log.warn("cannot archive {}: {}", full, e.toString());
            }
        });
    }

    private static void shift(Path base, int keep) throws IOException {
        Files.deleteIfExists(numbered(base, keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = numbered(base, i);
            if (Files.exists(from)) {
                Files.move(from, numbered(base, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static Path numbered(Path base, int n) {
        return base.resolveSibling(base.getFileName() + "." + n + ".gz");
    }

    /** Finishes the archives under way (waiting at most 30 s), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every archive asked for so far is done (tests). */
    void awaitIdle() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        thread.execute(done::countDown);
        done.await(30, TimeUnit.SECONDS);
    }
}
