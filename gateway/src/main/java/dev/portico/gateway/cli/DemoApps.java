package dev.portico.gateway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's apps, as listed in {@code demo-backends.txt}: one simulated app per line (served by the
 * load-test jar), and {@code real-uwsgi} lines that run a WSGI file under real uWSGI when it is
 * installed (a simulated uwsgi app stands in otherwise).
 */
final class DemoApps {

    static final String SPEC = "demo-backends.txt";

    private final Path config;
    private final Path backendsJar;
    private final List<Process> processes = new ArrayList<>();

    DemoApps(Path config, Path backendsJar) {
        this.config = config;
        this.backendsJar = backendsJar;
    }

    void start() throws IOException, InterruptedException {
        Path spec = config.resolve(SPEC);
        if (!Files.isRegularFile(spec)) {
            return; // a folder without demo apps: nothing to start
        }
        List<String> simulated = new ArrayList<>();
        List<URI> waitFor = new ArrayList<>();
        for (String raw : Files.readAllLines(spec)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words[0].equals("real-uwsgi")) {
                URI uri = URI.create(words[1]);
                String app = value(words, "app", null);
                String name = value(words, "name", "wsgi");
                if (which("uwsgi") != null && app != null) {
                    startUwsgi(uri, config.resolve(app), value(words, "processes", "2"), name);
                } else {
                    System.out.println("[demo] uwsgi is not installed: " + name + " is served by a simulated uwsgi app"
                            + " (apt-get install uwsgi uwsgi-plugin-python3 for the real one)");
                    simulated.add(words[1] + " workers=" + value(words, "processes", "2") + " service=fixed:5ms name=" + name);
                }
                waitFor.add(uri);
            } else {
                simulated.add(line);
                waitFor.add(URI.create(words[0]));
            }
        }
        if (!simulated.isEmpty()) {
            if (!Files.isRegularFile(backendsJar)) {
                throw new IllegalStateException(backendsJar + " is missing (build with: mvn -B package -DskipTests)");
            }
            Path tmp = Files.createTempFile("portico-demo-", ".txt");
            tmp.toFile().deleteOnExit();
            Files.write(tmp, simulated);
            spawn("apps", List.of(javaBin(), "-Xmx256m", "-jar", backendsJar.toString(), "serve", "--spec", tmp.toString()));
        }
        for (URI uri : waitFor) {
            awaitListening(uri);
        }
    }

    private void startUwsgi(URI uri, Path wsgiFile, String processes, String name) throws IOException {
        String socket = uri.getScheme().endsWith("+unix") ? uri.getPath() : uri.getHost() + ":" + uri.getPort();
        spawn(name, List.of("uwsgi", "--plugin", "python3", "--master", "--processes", processes, "--die-on-term",
                "--buffer-size", "65535", "--socket", socket, "--wsgi-file", wsgiFile.toString(), "--disable-logging"));
        System.out.println("[demo] " + name + ": real uWSGI on " + uri + " running " + wsgiFile);
    }

    private void spawn(String label, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    System.out.println("[" + label + "] " + l);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "demo-" + label);
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitListening(URI uri) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (uri.getScheme().endsWith("+unix")) {
                if (Files.exists(Path.of(uri.getPath()))) {
                    return;
                }
            } else {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 200);
                    return;
                } catch (IOException e) {
                    // not yet
                }
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a demo app exited with " + p.exitValue() + " before listening on " + uri);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("demo app " + uri + " did not start listening within 30 s");
    }

    void stop() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static String value(String[] words, String key, String fallback) {
        for (String w : words) {
            if (w.startsWith(key + "=")) {
                return w.substring(key.length() + 1);
            }
        }
        return fallback;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
