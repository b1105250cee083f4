package dev.portico.gateway.staticfiles;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * Part of a file as chunks for a {@link ChunkedWriteHandler} (TLS, HTTP/2), read on {@link StaticFiles#IO}
 * instead of the event loop: one chunk is read ahead; {@link #readChunk} hands it over, or returns null
 * while it is still being read, and the handler is resumed when it arrives. Every field is used on the
 * channel's event loop only; the reading thread gets a buffer and gives it back through the loop.
 */
final class FileChunks implements ChunkedInput<ByteBuf> {

    static final int CHUNK = 64 * 1024;

    private final FileChannel file;
    private final long start;
    private final long end;
    private final Channel channel;
    private long next;
    private long progress;
    private ByteBuf ready;
    private boolean reading;
    private boolean closed;
    private IOException failure;

    FileChunks(FileChannel file, long offset, long length, Channel channel) {
        this.file = file;
        this.start = offset;
        this.end = offset + length;
        this.next = offset;
        this.channel = channel;
    }

    /** Starts reading the first chunk, so that it may be there by the time the head is written. */
    FileChunks prefetch() {
        fetch(channel.alloc());
        return this;
    }

    @Override
    public boolean isEndOfInput() {
        return ready == null && !reading && next >= end;
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) throws IOException {
        if (failure != null) {
            throw failure;
        }
        ByteBuf chunk = ready;
        ready = null;
        if (chunk != null) {
            progress += chunk.readableBytes();
        }
        fetch(alloc);
        return chunk;
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    private void fetch(ByteBufAllocator alloc) {
        if (reading || ready != null || closed || next >= end) {
            return;
        }
        int n = (int) Math.min(CHUNK, end - next);
        ByteBuf buf = alloc.buffer(n);
        long at = next;
        next += n;
        reading = true;
        try {
            StaticFiles.IO.execute(() -> read(buf, at, n));
        } catch (RejectedExecutionException e) {
            reading = false;
            buf.release();
            failure = new IOException("static file reads are shutting down", e);
        }
    }

    /** On the I/O thread. */
    private void read(ByteBuf buf, long at, int n) {
        IOException error = null;
        try {
            int done = 0;
            while (done < n) {
                int r = buf.writeBytes(file, at + done, n - done);
                if (r < 0) {
                    throw new EOFException("the file became shorter while it was sent");
                }
                done += r;
            }
        } catch (IOException e) {
            error = e;
        }
        IOException failed = error;
        try {
            channel.eventLoop().execute(() -> arrived(buf, failed));
        } catch (RejectedExecutionException e) {
            buf.release(); // the loop is gone, and the connection with it
        }
    }

    private void arrived(ByteBuf buf, IOException error) {
        reading = false;
        if (closed || error != null) {
            buf.release();
            if (!closed) {
                failure = error;
            }
        } else {
            ready = buf;
        }
        ChunkedWriteHandler writer = channel.pipeline().get(ChunkedWriteHandler.class);
        if (writer != null) {
            writer.resumeTransfer();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ready != null) {
            ready.release();
            ready = null;
        }
        StaticFiles.IO.execute(() -> {
            try {
                file.close();
            } catch (IOException e) {
                // only read from: nothing lost
            }
        });
    }

    @Override
    public long length() {
        return end - start;
    }

    @Override
    public long progress() {
        return progress;
    }
}
