package dev.portico.loadtest.app;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An app's workers: each serves one request at a time; requests beyond them wait in FIFO order, at most
 * {@code listen} of them, as connections wait in a uWSGI listen queue. Shared by every event loop of the
 * app, so it is lock-free: a request is enqueued and then the queue drained, and a worker is freed and
 * then the queue drained, so no waiting request is left behind with a free worker.
 */
public final class WorkerPool {

    /** A request that runs once a worker is free. */
    @FunctionalInterface
    public interface Job {
        /** Runs on whichever thread freed the worker; {@code worker} is 1-based. */
        void start(int worker);
    }

    private final int workers;
    private final int listen;
    private final ConcurrentLinkedDeque<Integer> free = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Job> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger maxBusy = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public WorkerPool(int workers, int listen) {
        this.workers = workers;
        this.listen = listen;
        for (int i = 1; i <= workers; i++) {
            free.addLast(i);
        }
    }

    /** Queues {@code job}; false (and nothing runs) when every worker is busy and the listen queue is full. */
    public boolean submit(Job job) {
        if (free.isEmpty() && waitingCount.get() >= listen) {
            refused.incrementAndGet();
            return false;
        }
        waitingCount.incrementAndGet();
        waiting.add(job);
        drain();
        return true;
    }

    /** Gives {@code worker} back; the oldest waiting request, if any, starts on it. */
    public void release(int worker) {
        busy.decrementAndGet();
        served.incrementAndGet();
        free.addFirst(worker);
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            Integer worker = free.pollFirst();
            if (worker == null) {
                return; // whoever frees a worker next drains
            }
            Job job = waiting.poll();
            if (job == null) {
                free.addFirst(worker); // another thread took it; look again
                continue;
            }
            waitingCount.decrementAndGet();
            maxBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
            job.start(worker);
        }
    }

    public int workers() {
        return workers;
    }

    public int busy() {
        return busy.get();
    }

    /** The most workers ever busy at once; never more than {@link #workers}. */
    public int maxBusy() {
        return maxBusy.get();
    }

    public int waiting() {
        return waitingCount.get();
    }

    public long served() {
        return served.get();
    }

    /** Requests refused because the listen queue was full. */
    public long refused() {
        return refused.get();
    }
}
