package dev.portico.gateway;

import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping without dropping a request: stop accepting (a new process listening beside this one with
 * {@code SO_REUSEPORT} takes the new connections, see {@link Handover}), close idle keep-alive
 * connections, let every request in flight get its answer (with {@code Connection: close}), and only
 * then close what is left, or when {@code shutdown.grace} is over.
 */
final class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private Drain() {
    }

    /** How long the listeners wait for connections already on their way to them, at least and at most. */
    private static final long SETTLE_STEP_MILLIS = 50;
    private static final long SETTLE_MAX_MILLIS = 500;

    /**
     * Blocks the calling thread (never an event loop) until the proxy is drained or {@code grace} is over.
     *
     * @param accepted how many connections the listeners have accepted so far
     */
    static void run(Proxy proxy, Collection<Channel> listeners, LongSupplier accepted, ChannelGroup downstream,
                    Duration grace) {
        long start = System.nanoTime();
        proxy.startDraining();
        // the other process is listener 1 if this one started first, else listener 0 (see Handover)
        if (steer(listeners, 1) && !settle(accepted) && steer(listeners, 0)) {
            settle(accepted);
        }
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly();
        }
        List<Future<?>> told = new ArrayList<>();
        for (Channel ch : downstream) {
            told.add(ch.eventLoop().submit(() -> ch.pipeline().fireUserEventTriggered(Proxy.DRAIN)));
        }
        for (Future<?> f : told) {
            f.awaitUninterruptibly(1, TimeUnit.SECONDS); // then the counters below include what each connection awaits
        }
        int inFlight = proxy.exchangesInFlight();
        if (inFlight > 0) {
            log.info("draining: {} requests in flight, waiting up to {} s (shutdown.grace)", inFlight,
                    grace.toSeconds());
        }
        long deadline = start + grace.toNanos();
        while (proxy.exchangesInFlight() + proxy.firstRequestsAwaited() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int left = proxy.exchangesInFlight();
        if (left > 0) {
            log.warn("shutdown.grace ({} s) is over with {} requests still in flight: closing them", grace.toSeconds(),
                    left);
        } else {
            log.info("drained in {} ms: every request in flight was answered", millis);
        }
        downstream.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static boolean steer(Collection<Channel> listeners, int index) {
        boolean steered = false;
        for (Channel l : listeners) {
            steered |= Handover.steerTo(l, index);
        }
        return steered;
    }

    /**
     * Lets the listeners accept the connections queued on them or still completing their handshake.
     * Returns true once none came for a step (new ones go elsewhere now), false if they kept coming for
     * {@link #SETTLE_MAX_MILLIS}: the program sends them to this very process, or it is alone.
     */
    private static boolean settle(LongSupplier accepted) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS);
        while (System.nanoTime() < until) {
            long seen = accepted.getAsLong();
            try {
                Thread.sleep(SETTLE_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            if (accepted.getAsLong() == seen) {
                return true;
            }
        }
        return false;
    }
}
