package dev.portico.gateway.staticfiles;

/**
 * What a relative path names inside a mapped folder, as of {@code checkedAt} ({@link System#nanoTime}).
 * Cached; a lookup older than {@link FileCache#FRESH_NANOS} is checked against the disk again before use.
 */
sealed interface Lookup {

    long checkedAt();

    int weight();

    /** Nothing servable: absent, outside the folder, not a regular file or directory, or unreadable. */
    record Missing(long checkedAt) implements Lookup {
        @Override
        public int weight() {
            return 96;
        }
    }

    /** A directory; {@code index} is its index.html when it has one (served only with static.index). */
    record Directory(File index, long checkedAt) implements Lookup {
        @Override
        public int weight() {
            return 96 + (index == null ? 0 : index.weight());
        }
    }

    /** A regular file: its content type, the file itself and its precompressed siblings, if any. */
    record File(String contentType, Representation identity, Representation brotli, Representation gzip,
                long checkedAt) implements Lookup {
        @Override
        public int weight() {
            return 96 + identity.weight() + (brotli == null ? 0 : brotli.weight())
                    + (gzip == null ? 0 : gzip.weight());
        }

        /** Whether the answer depends on Accept-Encoding. */
        boolean hasCodings() {
            return brotli != null || gzip != null;
        }
    }
}
