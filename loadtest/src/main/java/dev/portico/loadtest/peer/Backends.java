package dev.portico.loadtest.peer;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.app.AppUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated apps in their own JVM ({@code serve --spec}), so that their garbage collection and CPU are
 * not the generator's. Port 0 in a spec is allowed: the bound address is read back from the
 * {@code serving} lines.
 */
public final class Backends implements AutoCloseable {

    private final Service service;
    private final Map<String, AppUri> uris;

    private Backends(Service service, Map<String, AppUri> uris) {
        this.service = service;
        this.uris = uris;
    }

    public static Backends start(List<AppSpec> specs, Path workDir, int threads) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path specFile = workDir.resolve("apps.spec");
        List<String> lines = new ArrayList<>();
        specs.forEach(s -> lines.add(s.line()));
        Files.write(specFile, lines);
        Service s = Service.start("simulated apps", Java.self(List.of("-Xmx256m", "-XX:+UseParallelGC"),
                        "dev.portico.loadtest.Main",
                List.of("serve", "--spec", specFile.toString(), "--threads", Integer.toString(threads))),
                workDir, workDir.resolve("apps.log"));
        List<String> out;
        try {
            out = s.awaitLog(l -> l.stream().filter(x -> x.startsWith("serving ")).count() == specs.size(), 30_000);
        } catch (IOException | InterruptedException e) {
            s.close();
            throw e;
        }
        Map<String, AppUri> uris = new LinkedHashMap<>();
        for (String line : out) {
            if (line.startsWith("serving ")) {
                String uri = line.substring("serving ".length(), line.indexOf(" (", 8));
                String name = line.substring(line.indexOf(" (") + 2, line.indexOf(", ", line.indexOf(" (")));
                uris.put(name, AppUri.parse(uri));
            }
        }
        return new Backends(s, uris);
    }

    /** The bound address of the app named {@code name}. */
    public AppUri uri(String name) {
        AppUri u = uris.get(name);
        if (u == null) {
            throw new IllegalArgumentException("no simulated app named " + name + " (have " + uris.keySet() + ")");
        }
        return u;
    }

    public Service service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}
