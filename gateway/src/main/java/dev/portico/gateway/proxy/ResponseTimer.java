package dev.portico.gateway.proxy;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The response timeout of one visitor connection, shared by its exchanges one after another. Its
 * deadline moves with every request, but it is scheduled again only when it fires (or when a deadline
 * comes before the pending firing): on a keep-alive connection a request costs no schedule/cancel pair
 * on the event loop's timer queue. Event-loop confined.
 */
final class ResponseTimer {

    private final EventExecutor executor;
    private Exchange owner;
    private long deadline;
    private ScheduledFuture<?> pending;
    private long pendingAt;

    ResponseTimer(EventExecutor executor) {
        this.executor = executor;
    }

    /** {@code exchange} times out unless {@link #disarm} is called within {@code nanos}. */
    void arm(Exchange exchange, long nanos) {
        long now = System.nanoTime();
        owner = exchange;
        deadline = now + nanos;
        if (pending != null) {
            if (pendingAt - deadline <= 0) {
                return; // it fires first and schedules itself again for the rest
            }
            pending.cancel(false);
        }
        schedule(now, nanos);
    }

    /** The exchange that armed it no longer waits (answered, failed or gone). */
    void disarm(Exchange exchange) {
        if (owner == exchange) {
            owner = null;
        }
    }

    /** The connection is closing: nothing waits any more. */
    void close() {
        owner = null;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void schedule(long now, long delay) {
        pendingAt = now + delay;
        pending = executor.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        pending = null;
        Exchange waiting = owner;
        if (waiting == null) {
            return;
        }
        long now = System.nanoTime();
        long left = deadline - now;
        if (left > 0) {
            schedule(now, left);
            return;
        }
        owner = null;
        waiting.responseTimeout();
    }
}
