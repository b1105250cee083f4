package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebSocketSlotsTest {

    @Test
    void theCapHoldsPerAppAndAReleaseCountsOnce() {
        WebSocketSlots slots = new WebSocketSlots();
        WebSocketSlots.Slot a = slots.tryOpen("a", 2);
        WebSocketSlots.Slot b = slots.tryOpen("a", 2);
        assertThat(slots.tryOpen("a", 2)).isNull();
        assertThat(slots.tryOpen("other", 2)).isNotNull();
        a.release();
        a.release();
        assertThat(slots.open("a")).isEqualTo(1);
        assertThat(slots.tryOpen("a", 2)).isNotNull();
        assertThat(slots.tryOpen("a", 2)).isNull();
        assertThat(slots.tryOpen("zero", 0)).isNull();
        b.release();
        assertThat(slots.open("a")).isEqualTo(1);
    }

    @Test
    void manyThreadsNeverGetMoreThanTheCap() throws InterruptedException {
        WebSocketSlots slots = new WebSocketSlots();
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 1000; j++) {
                    if (slots.tryOpen("a", 100) != null) {
                        granted.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(granted.get()).isEqualTo(100);
        assertThat(slots.open("a")).isEqualTo(100);
    }
}
