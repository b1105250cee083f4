package dev.portico.loadtest.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process a scenario started (gateway, nginx, haproxy, simulated apps): its output goes to a log
 * file; {@link #close} sends SIGTERM to it and its children, then SIGKILL after a grace period.
 */
public final class Service implements AutoCloseable {

    /** Services still running, stopped by a shutdown hook if the scenario is interrupted (Ctrl-C, SIGTERM). */
    private static final Set<Service> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(Service::close),
                "stop-services"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private Service(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir}, output to {@code log}. */
    public static Service start(String name, List<String> command, Path workDir, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Service s = new Service(name, p, log);
        RUNNING.add(s);
        return s;
    }

    /** Waits until 127.0.0.1:{@code port} accepts a connection; throws with the log's tail if it never does. */
    public Service awaitPort(int port, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + tail(8));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException(name + " did not listen on 127.0.0.1:" + port + " within " + timeoutMillis + " ms: "
                + tail(8));
    }

    /** Waits until the log holds lines matching {@code done}; returns the log's lines. */
    public List<String> awaitLog(Predicate<List<String>> done, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = lines();
            if (done.test(lines)) {
                return lines;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + tail(8));
            }
            Thread.sleep(50);
        }
        throw new IOException(name + ": expected output did not appear within " + timeoutMillis + " ms: " + tail(8));
    }

    public List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** The last {@code n} lines of the log, joined with " | ". */
    public String tail(int n) {
        try {
            List<String> l = lines();
            return String.join(" | ", l.subList(Math.max(0, l.size() - n), l.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    /** Resident set size in KiB, from /proc (0 when it cannot be read). */
    public long rssKib() {
        return Rss.kib(process.pid());
    }

    @Override
    public void close() {
        RUNNING.remove(this);
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
