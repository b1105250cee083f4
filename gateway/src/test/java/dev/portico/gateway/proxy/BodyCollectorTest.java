package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.failure.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives a collector the way an exchange does: one piece per read, replayed one piece at a time. */
class BodyCollectorTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final ExecutorService disk = Executors.newSingleThreadExecutor();
    private final Set<String> diskThreads = ConcurrentHashMap.newKeySet();
    private final Queue<HttpContent> visitor = new ArrayDeque<>();
    private final AtomicInteger reads = new AtomicInteger();
    private int stallAfter = Integer.MAX_VALUE;
    private final CompletableFuture<Long> collected = new CompletableFuture<>();
    private final CompletableFuture<Failure> failed = new CompletableFuture<>();
    private Duration idleTimeout = Duration.ofSeconds(30);
    private BodyCollector collector;

    @AfterEach
    void stop() throws Exception {
        loop.submit(() -> collector.close()).get();
        visitor.forEach(HttpContent::release);
        disk.shutdown();
        disk.awaitTermination(5, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private void collect(long memoryLimit, long maxBody, byte[]... pieces) throws Exception {
        for (int i = 0; i < pieces.length; i++) {
            ByteBuf data = Unpooled.wrappedBuffer(pieces[i]);
            visitor.add(i == pieces.length - 1 ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
        }
        loop.submit(() -> {
            collector = new BodyCollector(loop, task -> disk.execute(() -> {
                diskThreads.add(Thread.currentThread().getName());
                task.run();
            }), ByteBufAllocator.DEFAULT, memoryLimit, maxBody, idleTimeout, this::nextPiece,
                    () -> collected.complete(collector.length()), (f, detail) -> failed.complete(f));
            nextPiece();
        }).get();
    }

    /** The visitor's next piece arrives a little later, as a read completes (unless the visitor stalls). */
    private void nextPiece() {
        if (reads.incrementAndGet() > stallAfter) {
            return;
        }
        loop.execute(() -> {
            HttpContent c = visitor.poll();
            if (c != null) {
                collector.add(c);
            }
        });
    }

    private byte[] replayAll(AtomicInteger pieces) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> replayNext(out, pieces, done));
        done.get(10, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private void replayNext(ByteArrayOutputStream out, AtomicInteger pieces, CompletableFuture<Void> done) {
        collector.replay(c -> {
            assertThat(loop.inEventLoop()).isTrue();
            assertThat(c.content().readableBytes()).isLessThanOrEqualTo(BodyCollector.FILE_CHUNK * 8);
            byte[] b = new byte[c.content().readableBytes()];
            c.content().readBytes(b);
            out.writeBytes(b);
            pieces.incrementAndGet();
            boolean last = c instanceof LastHttpContent;
            c.release();
            if (last) {
                done.complete(null);
            } else {
                replayNext(out, pieces, done);
            }
        });
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void smallBodyStaysInMemoryAndReplaysAsOnePiece() throws Exception {
        byte[] a = random(100), b = random(200), c = random(50);
        collect(1024, 10_000, a, b, c);
        assertThat(collected.get(5, TimeUnit.SECONDS)).isEqualTo(350L);
        AtomicInteger pieces = new AtomicInteger();
        assertThat(replayAll(pieces)).isEqualTo(concat(a, b, c));
        assertThat(pieces).hasValue(1);
        assertThat(diskThreads).as("no disk work for a body that fits in memory").isEmpty();
    }

    @Test
    void largeBodySpillsToAFileOffTheLoopAndReplaysInChunks() throws Exception {
        byte[][] parts = new byte[40][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = random(1 + ThreadLocalRandom.current().nextInt(20_000));
        }
        byte[] whole = concat(parts);
        collect(4096, 10_000_000, parts);
        assertThat(collected.get(10, TimeUnit.SECONDS)).isEqualTo((long) whole.length);
        assertThat(reads.get()).as("one read per piece").isEqualTo(parts.length);
        AtomicInteger pieces = new AtomicInteger();
        assertThat(replayAll(pieces)).isEqualTo(whole);
        assertThat(pieces.get()).isEqualTo((whole.length + BodyCollector.FILE_CHUNK - 1) / BodyCollector.FILE_CHUNK);
        assertThat(diskThreads).isNotEmpty().noneMatch(name -> name.equals(threadOf(loop)));
    }

    @Test
    void oneByteOverMaxBodyFails() throws Exception {
        collect(1024, 1000, random(600), random(401), random(10));
        assertThat(failed.get(5, TimeUnit.SECONDS)).isEqualTo(Failure.BODY_TOO_LARGE);
        assertThat(collected).isNotDone();
        assertThat(loop.submit(() -> collector.collecting()).get()).isFalse();
    }

    @Test
    void exactlyMaxBodyIsAccepted() throws Exception {
        collect(100, 1000, random(600), random(400));
        assertThat(collected.get(5, TimeUnit.SECONDS)).isEqualTo(1000L);
        assertThat(failed).isNotDone();
    }

    @Test
    void visitorThatStopsSendingTimesOut() throws Exception {
        idleTimeout = Duration.ofMillis(200);
        stallAfter = 2;
        long start = System.nanoTime();
        collect(1024, 10_000, random(10), random(10), random(10));
        assertThat(failed.get(5, TimeUnit.SECONDS)).isEqualTo(Failure.REQUEST_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(collected).isNotDone();
    }

    @Test
    void aSteadyVisitorNeverTimesOut() throws Exception {
        idleTimeout = Duration.ofMillis(100);
        byte[][] parts = new byte[20][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = random(1000);
        }
        collect(100_000, 100_000, parts);
        assertThat(collected.get(5, TimeUnit.SECONDS)).isEqualTo(20_000L);
        Thread.sleep(300); // past the timeout: a timer left armed would fail it now
        assertThat(failed).isNotDone();
    }

    @Test
    void emptyBodyHasLengthZero() throws Exception {
        collect(1024, 1000, new byte[0]);
        assertThat(collected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(replayAll(new AtomicInteger())).isEmpty();
    }

    @Test
    void closedWhileTheDiskIsBusyLeavesNothingBehind() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        disk.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        collect(10, 10_000_000, random(100_000), random(100_000), random(10));
        Thread.sleep(50); // the first spill now waits behind the held task
        loop.submit(() -> collector.close()).get();
        hold.countDown();
        disk.submit(() -> { }).get();
        loop.submit(() -> { }).get();
        assertThat(collected).isNotDone();
        assertThat(failed).isNotDone();
    }

    private static String threadOf(EventLoop loop) {
        try {
            return loop.submit(() -> Thread.currentThread().getName()).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
