package dev.portico.loadtest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void waitingRequestsStartInArrivalOrderOnTheFreedWorker() {
        WorkerPool pool = new WorkerPool(2, 10);
        List<String> started = new ArrayList<>();
        List<Integer> workers = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            assertThat(pool.submit(w -> {
                started.add(name);
                workers.add(w);
            })).isTrue();
        }
        assertThat(started).containsExactly("a", "b");
        assertThat(pool.waiting()).isEqualTo(2);
        pool.release(workers.get(1));
        assertThat(started).containsExactly("a", "b", "c");
        assertThat(workers.get(2)).isEqualTo(workers.get(1));
        pool.release(workers.get(0));
        assertThat(started).containsExactly("a", "b", "c", "d");
        assertThat(pool.maxBusy()).isEqualTo(2);
        assertThat(workers.subList(0, 2)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aFullListenQueueRefuses() {
        WorkerPool pool = new WorkerPool(1, 2);
        assertThat(pool.submit(w -> { })).isTrue();
        assertThat(pool.submit(w -> { })).isTrue();
        assertThat(pool.submit(w -> { })).isTrue();
        assertThat(pool.submit(w -> { })).isFalse();
        assertThat(pool.refused()).isEqualTo(1);
        assertThat(pool.waiting()).isEqualTo(2);
    }

    @Test
    void neverMoreBusyThanWorkersUnderContention() throws Exception {
        WorkerPool pool = new WorkerPool(3, 1_000_000);
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger worst = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> toRelease = new ConcurrentLinkedQueue<>();
        int perThread = 20_000;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            threads.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    pool.submit(w -> {
                        worst.accumulateAndGet(busy.incrementAndGet(), Math::max);
                        toRelease.add(w);
                    });
                    Integer w = toRelease.poll();
                    if (w != null) {
                        busy.decrementAndGet();
                        pool.release(w);
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        Integer w;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.served() < 4L * perThread && System.nanoTime() < deadline) {
            while ((w = toRelease.poll()) != null) {
                busy.decrementAndGet();
                pool.release(w);
            }
        }
        threads.shutdown();
        assertThat(pool.served()).as("every request served, none stranded").isEqualTo(4L * perThread);
        assertThat(worst.get()).isLessThanOrEqualTo(3);
        assertThat(pool.maxBusy()).isEqualTo(3);
        assertThat(pool.waiting()).isZero();
    }
}
