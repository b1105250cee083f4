package dev.portico.loadtest.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process and its children, read from {@code /proc/<pid>/status}. */
public final class Rss {

    private Rss() {
    }

    /** VmRSS of {@code pid} in KiB, or 0 when it cannot be read. */
    public static long kib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** VmRSS of {@code pid} plus every descendant (nginx's and HAProxy's workers), in KiB. */
    public static long treeKib(long pid) {
        long total = kib(pid);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            total += handle.get().descendants().mapToLong(h -> kib(h.pid())).sum();
        }
        return total;
    }
}
