package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Size and modification time of a pair's two files: what tells a rescan that a pair changed. */
record FileStamp(long certificateModified, long certificateSize, long keyModified, long keySize) {

    /** Both files' stamps; {@link NoSuchFileException} names the missing one. */
    static FileStamp of(Path certificate, Path key) throws IOException {
        BasicFileAttributes c = Files.readAttributes(certificate, BasicFileAttributes.class);
        BasicFileAttributes k = Files.readAttributes(key, BasicFileAttributes.class);
        return new FileStamp(c.lastModifiedTime().toMillis(), c.size(), k.lastModifiedTime().toMillis(), k.size());
    }
}
