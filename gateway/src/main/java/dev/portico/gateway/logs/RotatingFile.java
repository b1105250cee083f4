package dev.portico.gateway.logs;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One log file that starts afresh when it would grow past {@code maxSize} or when the day changes;
 * the full file is handed to the {@link Archiver} to be compressed. Opened on the first line, closed
 * when idle. Used by the log writer thread only.
 */
final class RotatingFile {

    private final Path file;
    private final Archiver archiver;
    private final long maxSize;
    private final int keep;
    private final ZoneId zone;
    private OutputStream out;
    private long size;
    private LocalDate day;

    RotatingFile(Path file, Archiver archiver, long maxSize, int keep, ZoneId zone) {
        this.file = file;
        this.archiver = archiver;
        this.maxSize = maxSize;
        this.keep = keep;
        this.zone = zone;
    }

    void write(String line, LocalDate today) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            open(today);
        }
        if (size > 0 && (size + bytes.length > maxSize || !today.equals(day))) {
            rotate(today);
        }
        out.write(bytes);
        size += bytes.length;
    }

    private void open(LocalDate today) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            size = Files.size(file);
            day = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), zone);
        } else {
            size = 0;
            day = today;
        }
        out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 16 * 1024);
    }

    private void rotate(LocalDate today) throws IOException {
        out.close();
        out = null;
        Path full = file.resolveSibling(file.getFileName() + ".rotating." + System.nanoTime());
        Files.move(file, full, StandardCopyOption.ATOMIC_MOVE);
        archiver.archive(full, file, keep);
        open(today);
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    boolean isOpen() {
        return out != null;
    }

    void close() throws IOException {
        if (out != null) {
            OutputStream o = out;
            out = null;
            o.close();
        }
    }
}
