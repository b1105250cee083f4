package dev.portico.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A config folder written for one test: {@code gateway.properties} with listeners on port 0 and any
 * number of {@code apps/<name>.properties}. Files are replaced atomically, as an operator's tool would.
 */
public final class TestFolder {

    private final Path dir;
    private final Map<String, String> gateway = new LinkedHashMap<>();

    public TestFolder(Path dir) {
        this.dir = dir;
        gateway.put("listen.http", "127.0.0.1:0");
        gateway.put("listen.admin", "127.0.0.1:0");
        gateway.put("admin.token", "test-token");
        try {
            Files.createDirectories(dir.resolve("apps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeGateway();
    }

    /** A folder whose gateway also listens for HTTPS on a free port, with certificates from {@code certs/}. */
    public static TestFolder withHttps(Path dir) {
        return new TestFolder(dir).gateway("listen.https", "127.0.0.1:0").gateway("tls.certs", "certs");
    }

    public Path dir() {
        return dir;
    }

    /** Sets (or, with null, removes) a gateway.properties key. */
    public TestFolder gateway(String key, String value) {
        if (value == null) {
            gateway.remove(key);
        } else {
            gateway.put(key, value);
        }
        writeGateway();
        return this;
    }

    /** Writes {@code apps/<name>.properties} from alternating keys and values. */
    public TestFolder app(String name, String... keysAndValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            b.append(keysAndValues[i]).append(" = ").append(keysAndValues[i + 1]).append('\n');
        }
        write("apps/" + name + ".properties", b.toString());
        return this;
    }

    public TestFolder removeApp(String name) {
        try {
            Files.deleteIfExists(dir.resolve("apps").resolve(name + ".properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes any file of the folder atomically (temp file, then rename). */
    public Path write(String relative, String text) {
        Path target = dir.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeGateway() {
        StringBuilder b = new StringBuilder();
        gateway.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        write("gateway.properties", b.toString());
    }
}
