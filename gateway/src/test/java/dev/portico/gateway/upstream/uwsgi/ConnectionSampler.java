package dev.portico.gateway.upstream.uwsgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Counts, every few milliseconds, the established TCP connections whose remote end is one local port,
 * as the kernel lists them in {@code /proc/net/tcp} and {@code tcp6}: how many connections the gateway
 * holds to an app at once, whatever the app itself accepted.
 *
 * <p>The kernel writes those files a page at a time, walking its socket table between reads, so one
 * listing is not a snapshot: when a connection closes and the next one opens while a long listing
 * (thousands of sockets in TIME_WAIT after a test suite) is being read, both can be in it. A connection
 * held for longer than that shows in two listings in a row, so the count kept is the lower of two
 * consecutive listings.
 */
final class ConnectionSampler {

    private static final String ESTABLISHED = "01";

    private final String portHex;
    private volatile boolean running;
    private volatile int max;
    private Thread thread;

    ConnectionSampler(int port) {
        this.portHex = String.format(Locale.ROOT, "%04X", port);
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            int previous = count();
            while (running) {
                int current = count();
                max = Math.max(max, Math.min(previous, current));
                previous = current;
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "connection-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    int max() {
        return max;
    }

    private int count() {
        int n = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].endsWith(":" + portHex) && f[3].equals(ESTABLISHED)) {
                    n++;
                }
            }
        }
        return n;
    }
}
