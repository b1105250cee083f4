package dev.portico.gateway.staticfiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Looks a relative path up on disk, confined to its folder: every symlink is resolved and the result must
 * still lie inside the folder's own real path. Every method blocks; it runs on {@link StaticFiles#IO}.
 */
final class FileResolver {

    /** Files up to this size are kept in memory with their metadata. */
    static final int SMALL_FILE = 64 * 1024;

    private FileResolver() {
    }

    /**
     * What {@code relative} names in {@code folder} now. Content read for {@code previous} is reused when
     * the file has not changed since.
     */
    static Lookup resolve(Path folder, String relative, Lookup previous) throws IOException {
        long now = System.nanoTime();
        Path root;
        try {
            root = folder.toRealPath();
        } catch (NoSuchFileException | NotDirectoryException | AccessDeniedException e) {
            return new Lookup.Missing(now); // the mapped folder itself went away
        }
        Path requested = relative.isEmpty() ? root : root.resolve(relative);
        Path real = confined(root, requested);
        if (real == null) {
            return new Lookup.Missing(now);
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        if (a.isDirectory()) {
            Lookup.Directory before = previous instanceof Lookup.Directory d ? d : null;
            Lookup.File index = file(root, real.resolve("index.html"), before == null ? null : before.index(), now);
            return new Lookup.Directory(index, now);
        }
        Lookup.File file = file(root, requested, previous instanceof Lookup.File f ? f : null, now);
        return file == null ? new Lookup.Missing(now) : file;
    }

    /** A regular file and its precompressed siblings, or null. */
    private static Lookup.File file(Path root, Path requested, Lookup.File previous, long now) throws IOException {
        Representation identity = representation(root, requested, null, previous == null ? null : previous.identity());
        if (identity == null) {
            return null;
        }
        String name = requested.getFileName().toString();
        Representation br = representation(root, requested.resolveSibling(name + ".br"), "br",
                previous == null ? null : previous.brotli());
        Representation gz = representation(root, requested.resolveSibling(name + ".gz"), "gzip",
                previous == null ? null : previous.gzip());
        return new Lookup.File(MediaTypes.of(name), identity, br, gz, now);
    }

    private static Representation representation(Path root, Path requested, String encoding, Representation previous)
            throws IOException {
        Path real = confined(root, requested);
        if (real == null) {
            return null;
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            return null;
        }
        Representation r = new Representation(real, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                a.fileKey(), encoding, null);
        if (r.size() > SMALL_FILE) {
            return r;
        }
        if (r.sameAs(previous) && previous.bytes() != null) {
            return previous;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(real);
        } catch (AccessDeniedException e) {
            return null; // unreadable for the gateway: as good as absent
        }
        if (bytes.length != r.size()) {
            return r; // changing while we read: serve it from disk, the next check caches it
        }
        return r.withBytes(bytes);
    }

    /** The real path of {@code requested} when it exists and lies inside {@code root}, else null. */
    static Path confined(Path root, Path requested) throws IOException {
        Path real;
        try {
            real = requested.toRealPath();
        } catch (FileSystemException e) {
            return null; // absent, not a directory on the way, unreadable, a symlink loop: nothing to serve
        }
        return real.startsWith(root) ? real : null;
    }
}
