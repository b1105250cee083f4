package dev.portico.loadtest.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway under test, run as users run it: {@code java -jar gateway/target/portico.jar run --config
 * DIR}, on a config folder written by the DESIGN.md contract ({@code gateway.properties},
 * {@code apps/<app>.properties}, a {@code tls.certs} folder, an {@code egress/} folder).
 */
public final class Portico implements AutoCloseable {

    public static final String TOKEN = "loadtest-admin-token";

    private final Path folder;
    private final int httpPort;
    private final int adminPort;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Service service;

    /** A config folder in {@code folder} with HTTP and admin listeners on free ports. */
    public Portico(Path folder) throws IOException {
        this.folder = folder;
        this.httpPort = Ports.free();
        this.adminPort = Ports.free();
        Files.createDirectories(folder.resolve("apps"));
        settings.put("listen.http", "127.0.0.1:" + httpPort);
        settings.put("listen.admin", "127.0.0.1:" + adminPort);
        settings.put("admin.token", TOKEN);
        // every benchmark connection comes from 127.0.0.1: lift the per-address cap out of the way
        settings.put("connections.max", "100000");
        settings.put("connections.per.address", "100000");
    }

    /** Sets a {@code gateway.properties} key (before {@link #start}). */
    public Portico set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Writes {@code apps/<name>.properties} atomically (a reload never sees half a file). */
    public void writeApp(String name, Map<String, String> props) throws IOException {
        StringBuilder sb = new StringBuilder();
        props.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Path tmp = folder.resolve("apps").resolve("." + name + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, folder.resolve("apps").resolve(name + ".properties"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    public void deleteApp(String name) throws IOException {
        Files.deleteIfExists(folder.resolve("apps").resolve(name + ".properties"));
    }

    /** Writes gateway.properties and starts the gateway; returns once listen.http accepts connections. */
    public Portico start(Path jar, List<String> jvmOptions, long timeoutMillis) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        settings.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(folder.resolve("gateway.properties"), sb);
        List<String> cmd = new ArrayList<>();
        cmd.add(Java.executable());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "run", "--config", folder.toString()));
        service = Service.start("portico", cmd, folder, folder.resolve("portico.log"));
        try {
            service.awaitPort(httpPort, timeoutMillis);
        } catch (IOException e) {
            service.close();
            throw e;
        }
        return this;
    }

    /** The command line the gateway was started with, for the report. */
    public static String commandLine(List<String> jvmOptions) {
        return "java " + String.join(" ", jvmOptions) + (jvmOptions.isEmpty() ? "" : " ")
                + "-jar gateway/target/portico.jar run --config <folder>";
    }

    /**
     * Waits for the listener on {@code port} named {@code key} ({@code listen.https}, ...); a gateway that
     * does not open it has not got the feature yet.
     */
    public void requireListener(String key, int port, String feature) throws Unsupported, InterruptedException {
        long deadline = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        System.err.println("portico log: " + service.tail(3));
        throw new Unsupported("the gateway did not open " + key + " within 3 s: this build does not offer " + feature
                + " yet (DESIGN.md contract)");
    }

    /**
     * {@code POST /api/reload} with the admin token; returns the status and body. A 404 means the
     * gateway has no reload API yet.
     */
    public HttpResponse<String> reload(HttpClient client) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/api/reload"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    public Path folder() {
        return folder;
    }

    public int httpPort() {
        return httpPort;
    }

    public int adminPort() {
        return adminPort;
    }

    public Service service() {
        return service;
    }

    /** Finds {@code gateway/target/portico.jar} from the working directory or one of its parents. */
    public static Path findJar(Path given) {
        if (given != null) {
            return given.toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
            Path jar = dir.resolve("gateway/target/portico.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
