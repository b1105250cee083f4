package dev.portico.gateway.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of an app's {@code workers} slots, held by one exchange. {@link #release()} is idempotent so that
 * every way an exchange can end may call it; only the first call frees the slot.
 */
public final class Permit {

    private final AppLimiter owner;
    private final long acquiredNanos;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(AppLimiter owner) {
        this.owner = owner;
        this.acquiredNanos = System.nanoTime();
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            owner.release(System.nanoTime() - acquiredNanos);
        }
    }

    public boolean released() {
        return released.get();
    }
}
