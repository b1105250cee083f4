package dev.portico.gateway;

import dev.portico.gateway.proxy.Proxy;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping without dropping a request: stop accepting (a new process listening beside this one with
 * {@code SO_REUSEPORT} takes the new connections), close idle keep-alive connections, let every
 * request in flight get its answer (with {@code Connection: close}), and only then close what is left,
 * or when {@code shutdown.grace} is over.
 */
final class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private Drain() {
    }

    /** Blocks the calling thread (never an event loop) until the proxy is drained or {@code grace} is over. */
    static void run(Proxy proxy, Collection<Channel> listeners, ChannelGroup downstream, Duration grace) {
        long start = System.nanoTime();
        proxy.startDraining();
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly();
        }
        for (Channel ch : downstream) {
            ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(Proxy.DRAIN));
        }
        int inFlight = proxy.exchangesInFlight();
        if (inFlight > 0) {
            log.info("draining: {} requests in flight, waiting up to {} s (shutdown.grace)", inFlight,
                    grace.toSeconds());
        }
        long deadline = start + grace.toNanos();
        while (proxy.exchangesInFlight() > 0 && System.nanoTime() < deadline) {
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
}
