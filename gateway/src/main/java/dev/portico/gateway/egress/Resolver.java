package dev.portico.gateway.egress;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks names up the way every other program on the host does ({@code /etc/hosts}, then DNS, through
 * {@link InetAddress}), on threads of its own: a lookup blocks, and must never run on an event loop. The
 * answer comes back on the asking loop. The caller checks exactly the addresses this returns and
 * connects to one of them, so there is never a second lookup that could answer differently.
 */
final class Resolver implements AutoCloseable {

    /** Lookups waiting for a thread beyond this are refused at once, as a failed lookup. */
    private static final int QUEUE = 4096;

    private final ThreadPoolExecutor threads;

    Resolver(int threadCount) {
        AtomicInteger n = new AtomicInteger();
        threads = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "portico-egress-dns-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    /** The addresses of {@code name}, completed on {@code loop}; fails after {@code timeout}. */
    Future<List<InetAddress>> resolve(String name, EventLoop loop, Duration timeout) {
        Promise<List<InetAddress>> promise = loop.newPromise();
        ScheduledFuture<?> timer = loop.schedule(() -> {
            promise.tryFailure(new UnknownHostException(name + ": no answer within " + timeout.toMillis() + " ms"));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            threads.execute(() -> {
                List<InetAddress> found = null;
                UnknownHostException failed = null;
                try {
                    found = List.of(InetAddress.getAllByName(name));
                } catch (UnknownHostException e) {
                    failed = e;
                }
                List<InetAddress> result = found;
                UnknownHostException error = failed;
                try {
                    loop.execute(() -> {
                        timer.cancel(false);
                        if (result != null) {
                            promise.trySuccess(result);
                        } else {
                            promise.tryFailure(error);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // the loop is shutting down; nobody waits for this answer any more
                }
            });
        } catch (RejectedExecutionException e) {
            timer.cancel(false);
            promise.tryFailure(new UnknownHostException(name + ": too many lookups waiting"));
        }
        return promise;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
