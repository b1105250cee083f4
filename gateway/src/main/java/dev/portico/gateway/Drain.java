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
import java.util.function.ToLongFunction;
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
     * @param accepted how many connections a listener has accepted so far (0 for one that does not count)
     */
    static void run(Proxy proxy, Collection<Channel> listeners, ToLongFunction<Channel> accepted,
                    ChannelGroup downstream, Duration grace) {
        long start = System.nanoTime();
        proxy.startDraining();
        // the other process is listener 1 if this one started first, else listener 0 (see Handover);
        // each port is a group of its own, tried on its own
        List<Channel> stillComing = settle(steer(listeners, 1), accepted);
        settle(steer(stillComing, 0), accepted);
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

    /** The listeners whose new connections now go to listener {@code index} of their port. */
    private static List<Channel> steer(Collection<Channel> listeners, int index) {
        List<Channel> steered = new ArrayList<>();
        for (Channel l : listeners) {
            if (Handover.steerTo(l, index)) {
                steered.add(l);
            }
        }
        return steered;
    }

    /**
     * Lets the listeners accept the connections queued on them or still completing their handshake,
     * until none came to a listener for a step: its new ones go elsewhere now. Returns the listeners
     * they kept coming to for {@link #SETTLE_MAX_MILLIS}: the program sends them to this very process,
     * or it is alone on the port.
     */
    private static List<Channel> settle(List<Channel> listeners, ToLongFunction<Channel> accepted) {
        List<Channel> busy = new ArrayList<>(listeners);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS);
        while (!busy.isEmpty() && System.nanoTime() < until) {
            long[] seen = busy.stream().mapToLong(accepted).toArray();
            try {
                Thread.sleep(SETTLE_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            List<Channel> still = new ArrayList<>();
            for (int i = 0; i < seen.length; i++) {
                if (accepted.applyAsLong(busy.get(i)) != seen[i]) {
                    still.add(busy.get(i));
                }
            }
            busy = still;
        }
        return busy;
    }
}
