package dev.portico.gateway.upstream.uwsgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real uWSGI (master and workers) running a WSGI file ({@code environ_app.py} unless told) for a test, on a TCP port and
 * optionally a unix socket. {@link #kill} takes it down the hard way, mid-request; {@link #restart}
 * brings it back on the same addresses; {@link #close} stops it as an operator would (SIGTERM with
 * {@code --die-on-term}).
 */
final class UwsgiProcess implements AutoCloseable {

    private final Path uwsgi;
    private final Path dir;
    private final Path app;
    private final String instance;
    private final int processes;
    private final int port;
    private final Path socket;
    private final Path log;
    private Process process;
    private long logStart;

    private UwsgiProcess(Path uwsgi, Path dir, Path app, String instance, int processes, int port, Path socket) {
        this.uwsgi = uwsgi;
        this.dir = dir;
        this.app = app;
        this.instance = instance;
        this.processes = processes;
        this.port = port;
        this.socket = socket;
        this.log = dir.resolve(instance + ".log");
    }

    /** Starts {@code processes} workers on a free port (and {@code <dir>/<instance>.sock} when asked). */
    static UwsgiProcess start(Path uwsgi, Path dir, String instance, int processes, boolean unixSocket) {
        Path app = dir.resolve("environ_app.py");
        try (InputStream in = UwsgiProcess.class.getResourceAsStream("environ_app.py")) {
            Files.copy(in, app, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(uwsgi, dir, app, instance, processes, unixSocket);
    }

    /** Starts {@code app} (a WSGI file) the same way. */
    static UwsgiProcess start(Path uwsgi, Path dir, Path app, String instance, int processes, boolean unixSocket) {
        UwsgiProcess p = new UwsgiProcess(uwsgi, dir, app, instance, processes, freePort(),
                unixSocket ? dir.resolve(instance + ".sock") : null);
        p.launch();
        return p;
    }

    int port() {
        return port;
    }

    Path socket() {
        return socket;
    }

    String tcpBackend() {
        return "uwsgi://127.0.0.1:" + port;
    }

    String unixBackend() {
        return "uwsgi+unix://" + socket;
    }

    /** uWSGI's own log so far: one line per request it served, with the path. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(uwsgi.toString(), "--plugin", "python3", "--master",
                "--processes", Integer.toString(processes), "--die-on-term", "--buffer-size", "65535",
                "--socket", "127.0.0.1:" + port, "--wsgi-file", app.toString(), "--need-app", "--env", "PORTICO_TEST_INSTANCE=" + instance));
        if (socket != null) {
            cmd.addAll(List.of("--socket", socket.toString(), "--chmod-socket=600"));
        }
        try {
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("uwsgi exited with " + process.exitValue() + ":\n" + log());
            }
            if (accepts() && log().substring((int) logStart).contains("spawned uWSGI worker " + processes)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("uwsgi did not start in 20 s:\n" + log());
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            return false;
        }
        if (socket == null) {
            return true;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL to the master and every worker at once: what a crash or the OOM killer does. */
    void kill() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().join();
        }
    }

    /** Starts it again on the same port and socket. */
    void restart() {
        if (process.isAlive()) {
            close();
        }
        launch();
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy(); // SIGTERM: with --die-on-term, uWSGI stops its workers and exits
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        workers.forEach(w -> w.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
