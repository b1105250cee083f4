package dev.portico.gateway.limit;

/** A pending admission that the caller may give up on (the visitor left while queued). */
@FunctionalInterface
public interface Ticket {

    Ticket NONE = () -> { };

    /** Leaves the queue at once; no callback follows. Safe to call at any time, more than once. */
    void cancel();
}
