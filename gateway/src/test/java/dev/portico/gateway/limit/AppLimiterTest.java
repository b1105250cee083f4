package dev.portico.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.failure.Failure;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AppLimiterTest {

    private static final EventLoopGroup LOOPS = new DefaultEventLoopGroup(3);

    @AfterAll
    static void stop() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static AppConfig.Limits limits(int workers, int queue, Duration timeout) {
        return new AppConfig.Limits(workers, queue, timeout, 0, 0, Duration.ZERO);
    }

    /** Records what admission answered, in order. */
    private static final class Probe {
        final AtomicReference<Admission> answer = new AtomicReference<>();
        final CountDownLatch answered = new CountDownLatch(1);
        Ticket ticket;

        void accept(Admission a) {
            answer.set(a);
            answered.countDown();
        }

        Permit permit() {
            return ((Admission.Granted) answer.get()).permit();
        }

        boolean await() throws InterruptedException {
            return answered.await(5, TimeUnit.SECONDS);
        }
    }

    private static Probe ask(AppLimiter limiter, EventExecutor loop) {
        Probe p = new Probe();
        p.ticket = limiter.admit(loop, p::accept);
        return p;
    }

    @Test
    void grantsUpToWorkersThenQueuesInOrder() throws Exception {
        AppLimiter limiter = new AppLimiter("a", limits(2, 10, Duration.ofSeconds(10)));
        EventExecutor loop = LOOPS.next();
        Probe first = ask(limiter, loop);
        Probe second = ask(limiter, loop);
        assertThat(first.answer.get()).isInstanceOf(Admission.Granted.class);
        assertThat(second.answer.get()).isInstanceOf(Admission.Granted.class);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Probe> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Probe p = new Probe();
            p.ticket = limiter.admit(loop, a -> { // one loop: callbacks run in the order of the grants
                order.add(n);
                p.accept(a);
            });
            waiting.add(p);
        }
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.queued()).isEqualTo(5);
        first.permit().release();
        first.permit().release(); // a second release changes nothing
        second.permit().release();
        for (int i = 0; i < 5; i++) {
            assertThat(waiting.get(i).await()).isTrue();
            if (i + 2 < 5) {
                waiting.get(i).permit().release();
            }
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        waiting.get(3).permit().release();
        waiting.get(4).permit().release();
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void fullQueueIsRefusedAtOnce() {
        AppLimiter limiter = new AppLimiter("a", limits(1, 1, Duration.ofSeconds(10)));
        EventExecutor loop = LOOPS.next();
        ask(limiter, loop);
        ask(limiter, loop);
        Probe third = ask(limiter, loop);
        assertThat(third.answer.get()).isEqualTo(new Admission.Rejected(Failure.QUEUE_FULL, 1));
    }

    @Test
    void waitingTooLongIsAQueueTimeoutOnTheWaitersLoop() throws Exception {
        AppLimiter limiter = new AppLimiter("a", limits(1, 5, Duration.ofMillis(200)));
        EventExecutor loop = LOOPS.next();
        ask(limiter, loop);
        long t0 = System.nanoTime();
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        Probe late = new Probe();
        late.ticket = limiter.admit(loop, a -> {
            onLoop.set(loop.inEventLoop());
            late.accept(a);
        });
        assertThat(late.await()).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(late.answer.get()).isInstanceOf(Admission.Rejected.class);
        assertThat(((Admission.Rejected) late.answer.get()).failure()).isEqualTo(Failure.QUEUE_TIMEOUT);
        assertThat(ms).isBetween(150L, 2000L);
        assertThat(onLoop.get()).isTrue();
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void aCancelledWaiterLeavesAtOnceAndFreesItsPlace() throws Exception {
        AppLimiter limiter = new AppLimiter("a", limits(1, 1, Duration.ofSeconds(10)));
        EventExecutor loop = LOOPS.next();
        Probe holder = ask(limiter, loop);
        Probe leaving = ask(limiter, loop);
        assertThat(limiter.queued()).isEqualTo(1);
        leaving.ticket.cancel();
        assertThat(limiter.queued()).isZero();
        Probe next = ask(limiter, loop);
        assertThat(next.answer.get()).as("queued, not refused").isNull();
        holder.permit().release();
        assertThat(next.await()).isTrue();
        assertThat(next.answer.get()).isInstanceOf(Admission.Granted.class);
        assertThat(leaving.answer.get()).as("a cancelled waiter hears nothing").isNull();
    }

    @Test
    void retryAfterFollowsObservedServiceTime() throws Exception {
        AppLimiter limiter = new AppLimiter("a", limits(2, 10, Duration.ofSeconds(30)));
        EventExecutor loop = LOOPS.next();
        Probe p = ask(limiter, loop);
        Thread.sleep(1100);
        p.permit().release(); // the app took ~1.1 s per request
        ask(limiter, loop);
        ask(limiter, loop);
        for (int i = 0; i < 4; i++) {
            ask(limiter, loop);
        }
        // 4 waiting + the refused one, 1.1 s each, over 2 workers: about 3 s
        assertThat(limiter.retryAfterSeconds()).isBetween(2L, 4L);
    }

    @Test
    void rateLimitRefusesBeyondTheBurst() {
        AppLimiter limiter = new AppLimiter("a", new AppConfig.Limits(100, 0, Duration.ZERO, 5, 5, Duration.ZERO));
        EventExecutor loop = LOOPS.next();
        int granted = 0;
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            Probe p = ask(limiter, loop);
            if (p.answer.get() instanceof Admission.Granted g) {
                granted++;
                g.permit().release();
            } else if (((Admission.Rejected) p.answer.get()).failure() == Failure.RATE_LIMITED) {
                limited++;
                assertThat(((Admission.Rejected) p.answer.get()).retryAfterSeconds()).isEqualTo(1);
            }
        }
        assertThat(granted).isBetween(5, 6);
        assertThat(limited).isEqualTo(30 - granted);
    }

    @Test
    void changedWorkersApplyWithoutDroppingAnyone() throws Exception {
        AppLimiter limiter = new AppLimiter("a", limits(1, 10, Duration.ofSeconds(10)));
        EventExecutor loop = LOOPS.next();
        Probe a = ask(limiter, loop);
        Probe b = ask(limiter, loop);
        limiter.update(limits(2, 10, Duration.ofSeconds(10)));
        assertThat(b.await()).as("a raised cap admits the waiter").isTrue();
        limiter.update(limits(1, 10, Duration.ofSeconds(10)));
        Probe c = ask(limiter, loop);
        a.permit().release();
        Thread.sleep(200);
        assertThat(c.answer.get()).as("lowered cap: one in flight is already the limit").isNull();
        b.permit().release();
        assertThat(c.await()).isTrue();
    }

    @Test
    void permitsNeverLeakUnderChurn() throws Exception {
        AppLimiter limiter = new AppLimiter("a", limits(4, 20, Duration.ofMillis(50)));
        ConcurrentLinkedQueue<Permit> held = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < 2500; i++) {
                    Ticket ticket = limiter.admit(LOOPS.next(), a -> {
                        if (a instanceof Admission.Granted g) {
                            held.add(g.permit());
                        }
                    });
                    if (r.nextInt(10) == 0) {
                        ticket.cancel(); // the visitor left
                    }
                    Permit p = held.poll();
                    if (p != null) {
                        p.release();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            Permit p;
            while ((p = held.poll()) != null) {
                p.release();
            }
            return limiter.queued() == 0 && limiter.inFlight() == 0;
        });
    }
}
