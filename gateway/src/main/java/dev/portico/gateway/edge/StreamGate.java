package dev.portico.gateway.edge;

import java.util.ArrayDeque;

/**
 * How many streams of one HTTP/2 connection are in the proxy at once ({@code http2.max.inflight}); the
 * others wait here, in arrival order, until one of the connection's earlier streams ends.
 *
 * <p>Why: over HTTP/1.1 a browser opens about six connections to a site, so one visitor has at most six
 * requests in an app's queue; over HTTP/2 the same page load arrives as 50 streams at once and would
 * fill the queue of a small app alone, earning its own assets 503s and crowding out other visitors. The
 * gate keeps one connection's share of an app's queue bounded, without slowing anyone: the app serves at
 * most {@code workers} requests at a time anyway.
 *
 * <p>Not thread-safe: a connection's streams all run on the connection's event loop.
 */
final class StreamGate {

    private final int max;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inside;

    StreamGate(int max) {
        this.max = max;
    }

    /** Lets a stream in now, or queues {@code enter} to run when a place frees; true when it got in now. */
    boolean enterOrWait(Runnable enter) {
        if (inside < max) {
            inside++;
            return true;
        }
        waiting.add(enter);
        return false;
    }

    /** A stream that was inside is done; the first waiting stream goes in. */
    void leave() {
        inside--;
        Runnable next = waiting.poll();
        if (next != null) {
            inside++;
            next.run();
        }
    }

    /** A waiting stream was reset by the client before its turn. */
    void cancel(Runnable enter) {
        waiting.remove(enter);
    }

    int inside() {
        return inside;
    }

    int waiting() {
        return waiting.size();
    }
}
