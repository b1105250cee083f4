package dev.portico.gateway.limit;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.failure.Failure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One app's admission: rate limit, then a permit from the bulkhead ({@code workers}), or a place in a
 * FIFO queue of {@code queue.size} that waits at most {@code queue.timeout}. Thread-safe and
 * non-blocking: permits are handed from the releasing thread straight to the head of the queue, whose
 * callback then runs on its own event loop.
 */
public final class AppLimiter {

    /**
     * Lowering {@code workers} on a Resilience4j bulkhead waits for in-flight calls to return their
     * permits; that wait happens on this thread, never on an event loop or the admin listener.
     */
    private static final Executor TUNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portico-limit-tuner");
        t.setDaemon(true);
        return t;
    });

    private final String app;
    private final Bulkhead bulkhead;
    private final ConcurrentLinkedDeque<Waiter> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile AppConfig.Limits limits;
    private volatile RateLimiter rateLimiter;
    private volatile long serviceNanos; // moving average of how long a permit is held

    public AppLimiter(String app, AppConfig.Limits limits) {
        this.app = app;
        this.limits = limits;
        this.bulkhead = Bulkhead.of(app, bulkheadConfig(limits.workers()));
        this.rateLimiter = rateLimiter(app, limits);
    }

    /**
     * Asks for admission. {@code listener} is called exactly once, unless the returned ticket is
     * cancelled first: at once (granted or refused), or later on {@code loop}.
     */
    public Ticket admit(EventExecutor loop, Consumer<Admission> listener) {
        RateLimiter rl = rateLimiter;
        if (rl != null && !rl.acquirePermission()) {
            listener.accept(new Admission.Rejected(Failure.RATE_LIMITED, rateRetryAfterSeconds()));
            return Ticket.NONE;
        }
        if (queue.isEmpty() && acquire()) {
            listener.accept(new Admission.Granted(new Permit(this)));
            return Ticket.NONE;
        }
        AppConfig.Limits l = limits;
        if (queued.incrementAndGet() > l.queueSize()) {
            queued.decrementAndGet();
            listener.accept(new Admission.Rejected(Failure.QUEUE_FULL, retryAfterSeconds()));
            return Ticket.NONE;
        }
        Waiter w = new Waiter(this, loop, listener);
        queue.addLast(w);
        w.startTimer(l.queueTimeout().toNanos());
        drain();
        return w;
    }

    /** Requests holding a permit now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests waiting in the queue now. */
    public int queued() {
        return queued.get();
    }

    public AppConfig.Limits limits() {
        return limits;
    }

    /** Average time a permit is held, in nanoseconds (0 before the first request finished). */
    public long serviceNanos() {
        return serviceNanos;
    }

    /**
     * Applies new limits without dropping anything: queued requests keep their place, in-flight requests
     * keep their permits; a lower {@code workers} takes effect as permits come back.
     */
    public void update(AppConfig.Limits next) {
        AppConfig.Limits prev = limits;
        limits = next;
        if (prev.rate() != next.rate() || prev.rateBurst() != next.rateBurst()) {
            rateLimiter = rateLimiter(app, next);
        }
        if (next.workers() != prev.workers()) {
            // In order, on the tuner thread: a lowered cap waits there for permits to come back, and a
            // later raise must not overtake it. acquire() enforces the new cap meanwhile.
            TUNER.execute(() -> {
                bulkhead.changeConfig(bulkheadConfig(next.workers()));
                drain();
            });
        }
    }

    /** Seconds a refused visitor should wait: the queue ahead of them times the observed service time. */
    public long retryAfterSeconds() {
        long perRequest = serviceNanos;
        if (perRequest <= 0) {
            return 1;
        }
        double seconds = (queued.get() + 1) * (perRequest / 1e9) / Math.max(1, limits.workers());
        return Math.max(1, Math.min(3600, (long) Math.ceil(seconds)));
    }

    private long rateRetryAfterSeconds() {
        AppConfig.Limits l = limits;
        return Math.max(1, (long) Math.ceil(1.0 / l.rate()));
    }

    /**
     * Takes one slot: a bulkhead permit within the current {@code workers}. While a lowered cap is still
     * being applied to the bulkhead (on the tuner thread), the in-flight count holds admission to it.
     */
    private boolean acquire() {
        if (!bulkhead.tryAcquirePermission()) {
            return false;
        }
        int cap = limits.workers();
        for (;;) {
            int n = inFlight.get();
            if (n >= cap) {
                bulkhead.onComplete();
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void giveBack() {
        inFlight.decrementAndGet();
        bulkhead.onComplete();
    }

    void release(long heldNanos) {
        long avg = serviceNanos;
        serviceNanos = avg == 0 ? heldNanos : avg + (heldNanos - avg) / 8;
        giveBack();
        drain();
    }

    /** A cancelled waiter leaves the queue; only the thread that removes it decrements the count. */
    void leave(Waiter w) {
        if (queue.remove(w)) {
            queued.decrementAndGet();
        }
    }

    /**
     * Hands free permits to waiters, head first. Both enqueueing and releasing call this after their own
     * step, so a permit freed while a waiter was being added is never left unused.
     */
    private void drain() {
        while (!queue.isEmpty()) {
            if (!acquire()) {
                return;
            }
            Waiter w = queue.pollFirst();
            if (w == null) {
                giveBack();
                continue;
            }
            queued.decrementAndGet();
            if (!w.grant(new Permit(this))) {
                giveBack();
            }
        }
    }

    private static BulkheadConfig bulkheadConfig(int workers) {
        return BulkheadConfig.custom().maxConcurrentCalls(workers).maxWaitDuration(Duration.ZERO)
                .fairCallHandlingStrategyEnabled(true).build();
    }

    private static RateLimiter rateLimiter(String app, AppConfig.Limits l) {
        if (!l.rateLimited()) {
            return null;
        }
        // rate r with burst b: b permits every b/r seconds, never waiting for one
        long periodNanos = Math.max(1_000_000L, (long) (l.rateBurst() / l.rate() * 1e9));
        return RateLimiter.of(app, RateLimiterConfig.custom().limitForPeriod(l.rateBurst())
                .limitRefreshPeriod(Duration.ofNanos(periodNanos)).timeoutDuration(Duration.ZERO).build());
    }
}
