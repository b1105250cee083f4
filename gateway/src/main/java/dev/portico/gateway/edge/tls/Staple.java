package dev.portico.gateway.edge.tls;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * The OCSP response stapled to one certificate's handshakes: replaced by each successful fetch, dropped
 * once it is no longer valid. Written by the certificate threads, read by event loops.
 */
final class Staple {

    private volatile byte[] response;
    private volatile Instant validUntil = Instant.MIN;
    private volatile ScheduledFuture<?> refresh;
    private volatile boolean cancelled;

    /** The response to staple now, or null (none fetched yet, or it expired). */
    byte[] response() {
        byte[] r = response;
        return r != null && Instant.now().isBefore(validUntil) ? r : null;
    }

    void set(byte[] response, Instant validUntil) {
        this.response = response;
        this.validUntil = validUntil;
    }

    void next(ScheduledFuture<?> refresh) {
        this.refresh = refresh;
        if (cancelled) {
            refresh.cancel(false);
        }
    }

    /** The certificate's context left the cache: no more fetching for it. */
    void cancel() {
        cancelled = true;
        ScheduledFuture<?> r = refresh;
        if (r != null) {
            r.cancel(false);
        }
    }

    boolean cancelled() {
        return cancelled;
    }
}
