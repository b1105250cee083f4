package dev.portico.gateway.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping a Chromium a test started: the browser and the helper processes it forked, then its profile. */
final class ChromiumProcess {

    private ChromiumProcess() {
    }

    /**
     * Stops {@code browser} and every process it started (renderer, network service, zygote), which
     * may outlive it for a moment and keep writing to the profile, then deletes {@code profile}. The
     * profile is a temporary folder: what cannot be deleted stays behind without failing the test.
     */
    static void stop(Process browser, Path profile) {
        List<ProcessHandle> helpers = browser.descendants().toList(); // before they are orphaned
        browser.destroy();
        try {
            if (!browser.waitFor(5, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
            for (ProcessHandle h : helpers) {
                h.destroy();
            }
            for (ProcessHandle h : helpers) {
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            browser.destroyForcibly();
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        deleteQuietly(profile);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    file.toFile().delete();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone already
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    d.toFile().delete();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary folder stays behind
        }
    }
}
