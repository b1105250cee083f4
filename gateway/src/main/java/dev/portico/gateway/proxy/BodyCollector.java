package dev.portico.gateway.proxy;

import dev.portico.gateway.failure.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Collects a chunked request body so that it can go out with a Content-Length (uwsgi needs one), then
 * replays it: in memory up to {@code memoryLimit}, beyond that in a {@link BodyFile} written and read on
 * another executor. Bounded by the app's {@code max.body}: one byte more and it fails with
 * {@link Failure#BODY_TOO_LARGE}. A visitor that stops sending for longer than {@code idleTimeout} gets
 * {@link Failure#REQUEST_TIMEOUT}: the collection holds no worker of the app, but it holds memory.
 *
 * <p>Every method runs on the exchange's event loop; disk work is handed to {@code io} one task at a
 * time and its result comes back through {@code loop}. The visitor is read from only while no disk task
 * is pending, which bounds memory to about {@code memoryLimit} per body.
 */
final class BodyCollector {

    static final long MEMORY_LIMIT = 256 * 1024;
    static final int FILE_CHUNK = 64 * 1024;

    private final EventExecutor loop;
    private final Executor io;
    private final ByteBufAllocator alloc;
    private final long memoryLimit;
    private final long maxBody;
    private final long idleNanos;
    private final Runnable readMore;
    private final Runnable collected;
    private final BiConsumer<Failure, String> failed;

    private ByteBuf memory; // pieces are copied, so that no slice pins the decoder's buffers
    private BodyFile file; // set by the first disk task; read on the loop only after it reported back
    private long length;
    private long replayed;
    private boolean lastSeen;
    private boolean complete;
    private boolean busy; // a disk task is in flight
    private boolean closed;
    private ScheduledFuture<?> idleTimer;

    /**
     * @param readMore  asks the visitor for the next piece of the body
     * @param collected the whole body is here; {@link #length} is final
     * @param failed    the body is too large, stopped arriving, or could not be stored (with a detail)
     */
    BodyCollector(EventExecutor loop, Executor io, ByteBufAllocator alloc, long memoryLimit, long maxBody,
                  Duration idleTimeout, Runnable readMore, Runnable collected, BiConsumer<Failure, String> failed) {
        this.loop = loop;
        this.io = io;
        this.alloc = alloc;
        this.memoryLimit = memoryLimit;
        this.maxBody = maxBody;
        this.idleNanos = idleTimeout.toNanos();
        this.readMore = readMore;
        this.collected = collected;
        this.failed = failed;
        this.memory = alloc.buffer();
    }

    /** True while pieces of the body are still expected from the visitor. */
    boolean collecting() {
        return !lastSeen && !closed;
    }

    boolean complete() {
        return complete;
    }

    long length() {
        return length;
    }

    /** Takes one piece of the body (ownership passes here). */
    void add(HttpContent c) {
        cancelIdleTimer();
        ByteBuf data = c.content();
        length += data.readableBytes();
        lastSeen = c instanceof LastHttpContent;
        if (length > maxBody) {
            c.release();
            lastSeen = true; // nothing more is wanted from the visitor
            failed.accept(Failure.BODY_TOO_LARGE, null);
            return;
        }
        memory.writeBytes(data);
        c.release();
        next();
    }

    /** After new data or a finished disk task: read on, write to disk, or finish. */
    private void next() {
        if (busy || closed || complete) {
            return;
        }
        boolean inMemory = file == null && memory.readableBytes() <= memoryLimit;
        boolean spill = !inMemory && (memory.readableBytes() >= FILE_CHUNK || lastSeen && memory.isReadable());
        if (spill) {
            spill();
        } else if (lastSeen) {
            complete = true;
            collected.run();
        } else {
            askForMore();
        }
    }

    private void askForMore() {
        idleTimer = loop.schedule(this::idle, idleNanos, TimeUnit.NANOSECONDS);
        readMore.run();
    }

    private void idle() {
        idleTimer = null;
        if (collecting()) {
            lastSeen = true;
            long ms = TimeUnit.NANOSECONDS.toMillis(idleNanos);
            failed.accept(Failure.REQUEST_TIMEOUT, "The request body stopped arriving for "
                    + (ms % 1000 == 0 ? ms / 1000 + " s." : ms + " ms."));
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    /** Writes what is in memory to the file, then carries on. */
    private void spill() {
        ByteBuf batch = memory;
        memory = alloc.buffer();
        busy = true;
        io.execute(() -> {
            Throwable error = null;
            try {
                if (file == null) {
                    file = BodyFile.create();
                }
                file.append(batch);
            } catch (Throwable t) {
                error = t;
            } finally {
                batch.release();
            }
            Throwable e = error;
            back(() -> spilled(e), null);
        });
    }

    private void spilled(Throwable error) {
        busy = false;
        if (closed) {
            closeFile();
        } else if (error != null) {
            failed.accept(Failure.INTERNAL, "The request body could not be stored.");
        } else {
            next();
        }
    }

    /**
     * Hands the next piece of the collected body to {@code to} (on the loop; ownership passes); the
     * last piece is a {@link LastHttpContent}. Call again only after the previous piece arrived.
     */
    void replay(Consumer<HttpContent> to) {
        if (file == null) {
            // A duplicate: the body stays here until close, in case the exchange sends it again.
            to.accept(new DefaultLastHttpContent(memory.retainedDuplicate()));
            return;
        }
        long position = replayed;
        int n = (int) Math.min(FILE_CHUNK, length - position);
        busy = true;
        BodyFile f = file;
        io.execute(() -> {
            ByteBuf piece = null;
            Throwable error = null;
            try {
                piece = f.read(position, n, alloc);
            } catch (Throwable t) {
                error = t;
            }
            ByteBuf p = piece;
            Throwable e = error;
            back(() -> replayed(p, e, n, to), p);
        });
    }

    private void replayed(ByteBuf piece, Throwable error, int n, Consumer<HttpContent> to) {
        busy = false;
        if (closed) {
            if (piece != null) {
                piece.release();
            }
            closeFile();
            return;
        }
        if (error != null) {
            failed.accept(Failure.INTERNAL, "The request body could not be read back.");
            return;
        }
        replayed += n;
        to.accept(replayed == length ? new DefaultLastHttpContent(piece) : new DefaultHttpContent(piece));
    }

    /** Releases the memory and the file; a disk task in flight cleans up after itself when it reports. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelIdleTimer();
        if (memory != null) {
            memory.release();
            memory = null;
        }
        if (!busy) {
            closeFile();
        }
    }

    private void closeFile() {
        BodyFile f = file;
        file = null;
        if (f != null) {
            io.execute(f::close);
        }
    }

    /**
     * Runs {@code task} on the loop. When the loop is gone (the gateway stopped), only the cleanup is
     * left to do: here, on the disk thread.
     */
    private void back(Runnable task, ByteBuf piece) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (piece != null) {
                piece.release();
            }
            BodyFile f = file;
            if (f != null) {
                f.close();
            }
        }
    }
}
