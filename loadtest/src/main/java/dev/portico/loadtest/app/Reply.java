package dev.portico.loadtest.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * What a simulated app answers: {@code hello from shop (worker 2 of 4) GET /} for any path, or exactly
 * N bytes for {@code /bytes/N} (bulk transfers in the benchmarks, sent from one shared buffer).
 */
public final class Reply {

    /** The largest {@code /bytes/N} answer. */
    public static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final int FILL_SIZE = 64 * 1024;
    private static final ByteBuf FILL = Unpooled.unreleasableBuffer(Unpooled.directBuffer(FILL_SIZE)
            .writeBytes("0123456789abcdef".repeat(FILL_SIZE / 16).getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private Reply() {
    }

    /** The body for a request; {@code worker} is 1-based. */
    public static ByteBuf body(ByteBufAllocator alloc, AppSpec spec, int worker, String method, String uri) {
        long size = bulkSize(uri);
        if (size >= 0) {
            int parts = (int) ((size + FILL_SIZE - 1) / FILL_SIZE);
            ByteBuf[] slices = new ByteBuf[parts];
            for (int i = 0; i < parts; i++) {
                slices[i] = FILL.slice(0, (int) Math.min(FILL_SIZE, size - (long) i * FILL_SIZE));
            }
            return Unpooled.wrappedUnmodifiableBuffer(slices);
        }
        byte[] text = greeting(spec, worker, method, uri).getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(text.length).writeBytes(text);
    }

    /** {@code hello from shop (worker 2 of 4) GET /} and a newline. */
    public static String greeting(AppSpec spec, int worker, String method, String uri) {
        return "hello from " + spec.name() + " (worker " + worker + " of " + spec.workers() + ") " + method + " "
                + uri + "\n";
    }

    /** N for {@code /bytes/N} (query ignored), or -1. */
    static long bulkSize(String uri) {
        if (!uri.startsWith("/bytes/")) {
            return -1;
        }
        int end = uri.indexOf('?');
        String n = uri.substring("/bytes/".length(), end < 0 ? uri.length() : end);
        try {
            long size = Long.parseLong(n);
            return size < 0 || size > MAX_BYTES ? -1 : size;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
