package dev.portico.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A request body spilled to a temporary file. Every method blocks, so callers run them on {@link #IO},
 * never on an event loop. The file is unlinked as soon as it is open: it never outlives the gateway,
 * whatever way the gateway ends.
 */
final class BodyFile implements AutoCloseable {

    /** Disk work for every body being collected; a few threads, since each body has one task at a time. */
    static final ExecutorService IO = Executors.newFixedThreadPool(2, new DefaultThreadFactory("portico-body-io", true));

    private final FileChannel channel;
    private long size;

    private BodyFile(FileChannel channel) {
        this.channel = channel;
    }

    static BodyFile create() throws IOException {
        Path path = Files.createTempFile("portico-body-", ".tmp"); // owner-only permissions on POSIX
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            Files.deleteIfExists(path);
        }
        return new BodyFile(ch);
    }

    long size() {
        return size;
    }

    /** Appends every readable byte of {@code data} (which the caller still owns). */
    void append(ByteBuf data) throws IOException {
        for (ByteBuffer b : data.nioBuffers()) {
            while (b.hasRemaining()) {
                size += channel.write(b, size);
            }
        }
    }

    /** Reads {@code length} bytes at {@code position} into a new buffer the caller owns. */
    ByteBuf read(long position, int length, ByteBufAllocator alloc) throws IOException {
        ByteBuf buf = alloc.buffer(length);
        try {
            while (buf.readableBytes() < length) {
                int n = buf.writeBytes(channel, position + buf.readableBytes(), length - buf.readableBytes());
                if (n < 0) {
                    throw new EOFException("request body file ended at " + (position + buf.readableBytes()));
                }
            }
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is unlinked already; closing only frees the descriptor
        }
    }
}
