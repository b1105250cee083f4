package dev.portico.gateway.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

/** One app's two logs, {@code <app>.access.log} and {@code <app>.error.log}; the error log opens on its first line. */
final class AppLogFiles {

    private final RotatingFile access;
    private final RotatingFile error;

    AppLogFiles(Path dir, String app, Archiver archiver, long maxSize, int keep, ZoneId zone) {
        this.access = new RotatingFile(dir.resolve(app + ".access.log"), archiver, maxSize, keep, zone);
        this.error = new RotatingFile(dir.resolve(app + ".error.log"), archiver, maxSize, keep, zone);
    }

    void access(String line, LocalDate today) throws IOException {
        access.write(line, today);
    }

    void error(String line, LocalDate today) throws IOException {
        error.write(line, today);
    }

    void flush() throws IOException {
        access.flush();
        error.flush();
    }

    /** File handles held now: 0, 1 or 2. */
    int handles() {
        return (access.isOpen() ? 1 : 0) + (error.isOpen() ? 1 : 0);
    }

    void close() throws IOException {
        try {
            access.close();
        } finally {
            error.close();
        }
    }
}
