package dev.portico.gateway.staticfiles;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One file on disk that can answer a request: the file itself ({@code encoding} null) or a precompressed
 * sibling ({@code br}, {@code gzip}). {@code bytes} holds a small file's content, else null.
 */
record Representation(Path path, long size, long modifiedNanos, Object fileKey, String encoding, byte[] bytes) {

    Representation {
        requireNonNull(path, "path");
    }

    /** A strong validator: size and modification time, and the coding, since each coding has its own bytes. */
    String etag() {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedNanos)
                + (encoding == null ? "" : "-" + encoding) + "\"";
    }

    /** Seconds since the epoch, the resolution of Last-Modified. */
    long modifiedSeconds() {
        return Math.floorDiv(modifiedNanos, 1_000_000_000L);
    }

    /** Whether {@code other} is the same file in the same state (the cached bytes may be kept). */
    boolean sameAs(Representation other) {
        return other != null && path.equals(other.path) && size == other.size
                && modifiedNanos == other.modifiedNanos && java.util.Objects.equals(fileKey, other.fileKey);
    }

    Representation withBytes(byte[] b) {
        return new Representation(path, size, modifiedNanos, fileKey, encoding, b);
    }

    int weight() {
        return 160 + (bytes == null ? 0 : bytes.length);
    }
}
