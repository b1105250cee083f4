package dev.portico.gateway.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open WebSockets per app, held against each app's {@code websocket.max}. Kept by app name, apart from the
 * app's config, so that a reload changes the cap without forgetting the sockets already open. Shared by
 * every event loop; lock-free.
 */
final class WebSocketSlots {

    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** A slot for one more WebSocket of {@code app}, or null when it already has {@code max} open. */
    Slot tryOpen(String app, int max) {
        AtomicInteger n = open.get(app);
        if (n == null) {
            n = open.computeIfAbsent(app, k -> new AtomicInteger());
        }
        for (;;) {
            int current = n.get();
            if (current >= max) {
                return null;
            }
            if (n.compareAndSet(current, current + 1)) {
                return new Slot(n);
            }
        }
    }

    /** WebSockets of {@code app} open now (handshakes under way included). */
    int open(String app) {
        AtomicInteger n = open.get(app);
        return n == null ? 0 : n.get();
    }

    /** One WebSocket's place under its app's cap; released exactly once, whoever releases it first. */
    static final class Slot {
        private final AtomicInteger count;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(AtomicInteger count) {
            this.count = count;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }
    }
}
