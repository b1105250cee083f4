package dev.portico.gateway.limit;

import dev.portico.gateway.failure.Failure;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A request waiting in an app's queue. Its state moves once, from WAITING to GRANTED (a permit was
 * handed over) or CANCELLED (timed out or the visitor left); the compare-and-set decides races between
 * a releasing thread and the waiter's own event loop.
 */
final class Waiter implements Ticket {

    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int CANCELLED = 2;

    private final AppLimiter owner;
    private final EventExecutor loop;
    private final Consumer<Admission> listener;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile ScheduledFuture<?> timer;

    Waiter(AppLimiter owner, EventExecutor loop, Consumer<Admission> listener) {
        this.owner = owner;
        this.loop = loop;
        this.listener = listener;
    }

    void startTimer(long nanos) {
        timer = loop.schedule(this::expire, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Called by whichever thread freed a permit; the listener runs on the waiter's own event loop. */
    boolean grant(Permit permit) {
        if (!state.compareAndSet(WAITING, GRANTED)) {
            return false;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        loop.execute(() -> listener.accept(new Admission.Granted(permit)));
        return true;
    }

    private void expire() {
        if (state.compareAndSet(WAITING, CANCELLED)) {
            owner.leave(this);
            listener.accept(new Admission.Rejected(Failure.QUEUE_TIMEOUT, owner.retryAfterSeconds()));
        }
    }

    @Override
    public void cancel() {
        if (state.compareAndSet(WAITING, CANCELLED)) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            owner.leave(this);
        }
    }
}
