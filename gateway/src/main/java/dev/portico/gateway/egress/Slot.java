package dev.portico.gateway.egress;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of an account's {@code max.tunnels} connections, held by a tunnel or a plain request in flight.
 * {@link #release()} is idempotent, so that every way a tunnel or request ends may call it.
 */
final class Slot {

    private final AccountLimiter owner;
    private final AtomicBoolean released = new AtomicBoolean();

    Slot(AccountLimiter owner) {
        this.owner = owner;
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            owner.giveBack();
        }
    }
}
