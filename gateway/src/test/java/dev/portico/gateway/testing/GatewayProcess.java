package dev.portico.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Portico as its own process ({@code java ... dev.portico.gateway.cli.Main run --config DIR}, on the
 * test class path), for what only a process shows: signals, exit, two processes on one port.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static GatewayProcess start(Path config, Path log) throws IOException {
        return start(config, log, List.of());
    }

    /** Starts the process with {@code jvmOptions} (system properties, say) before the main class. */
    public static GatewayProcess start(Path config, Path log, List<String> jvmOptions) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.portico.gateway.cli.Main",
                "run", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new GatewayProcess(pb.start(), log);
    }

    /** A port free right now on 127.0.0.1, to write into a config folder. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until {@code port} accepts connections; false when the process died or time ran out. */
    public boolean awaitListening(int port, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    public long pid() {
        return process.pid();
    }

    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** The exit code; only once the process has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
