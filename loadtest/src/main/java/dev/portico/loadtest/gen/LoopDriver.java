package dev.portico.loadtest.gen;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One workload's share on one event loop: its connections, its part of the arrival rate, the backlog of
 * requests that are due but have no free connection yet (they wait, and their wait counts), timeouts,
 * and the end of the run. Everything here runs on {@code loop}, so nothing is locked.
 */
final class LoopDriver {

    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Plan plan;
    private final Target target;
    private final EventLoop loop;
    private final Tally tally;
    private final Connector connector;
    private final RequestBytes request;
    private final int maxConnections;
    private final double rate;
    private final Runnable finished;
    private final Set<ClientConnection> open = new LinkedHashSet<>();
    private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
    private final LongRing backlog = new LongRing();
    private final long timeoutNanos;
    private Pacer pacer;
    private long endAt;
    private long drainUntil;
    private boolean started;
    private boolean stopping;
    private boolean done;
    private Runnable settled;
    private String lastFailure = "connect";
    private long sent;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> watch;

    LoopDriver(Workload w, EventLoop loop, Tally tally, Connector connector, int maxConnections, double rate,
               Runnable finished) {
        this.plan = w.plan();
        this.target = w.target();
        this.loop = loop;
        this.tally = tally;
        this.connector = connector;
        this.request = new RequestBytes(target.path(), plan.keepAlive());
        this.maxConnections = maxConnections;
        this.rate = rate;
        this.finished = finished;
        this.timeoutNanos = plan.timeout().toNanos();
    }

    /**
     * Opens the keep-alive connections ahead of the start, so that connecting is not charged to the first
     * requests; {@code settled} runs (on the loop) once each is connected or has failed.
     */
    void prepare(Runnable settled) {
        loop.execute(() -> {
            this.settled = settled;
            if (plan.keepAlive()) {
                for (int i = 0; i < maxConnections; i++) {
                    openConnection();
                }
            }
            settle();
        });
    }

    private void settle() {
        if (settled != null && (pendingConnects() == 0 || started)) {
            Runnable r = settled;
            settled = null;
            r.run();
        }
    }

    private int pendingConnects() {
        int n = 0;
        for (ClientConnection c : open) {
            if (!c.isReady()) {
                n++;
            }
        }
        return n;
    }

    /** Begins at {@code startNanos} (same for every driver of a run); runs until the plan's duration passed. */
    void start(long startNanos) {
        loop.execute(() -> {
            started = true;
            settle();
            while (plan.keepAlive() && open.size() < maxConnections) {
                openConnection(); // in place of those that could not connect ahead of the start
            }
            endAt = startNanos + plan.duration().toNanos();
            drainUntil = endAt + Math.min(timeoutNanos, TimeUnit.SECONDS.toNanos(5));
            if (plan.mode() == Plan.Mode.OPEN) {
                pacer = new Pacer(startNanos, rate);
                loop.schedule(this::onTick, Math.max(0, startNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } else {
                loop.schedule(this::startClosedLoop, Math.max(0, startNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            watch = loop.scheduleAtFixedRate(this::watch, WATCH_NANOS, WATCH_NANOS, TimeUnit.NANOSECONDS);
        });
    }

    private void startClosedLoop() {
        if (plan.keepAlive()) {
            while (!idle.isEmpty()) {
                ClientConnection c = idle.pollFirst();
                if (c.isReady() && !c.isBusy()) {
                    send(c, System.nanoTime());
                }
            }
            return;
        }
        for (int i = 0; i < maxConnections; i++) {
            openConnection();
        }
    }

    private ClientConnection openConnection() {
        ClientConnection c = connector.open(this, pickHost());
        open.add(c);
        return c;
    }

    private String pickHost() {
        List<String> hosts = target.hosts();
        return hosts.size() == 1 ? hosts.get(0) : hosts.get(ThreadLocalRandom.current().nextInt(hosts.size()));
    }

    // ------------------------------------------------------------------ open loop: the schedule

    private void onTick() {
        tick = null;
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        while (pacer.nextTime() <= now && pacer.nextTime() < endAt) {
            backlog.add(pacer.take());
        }
        dispatch();
        long next = pacer.nextTime();
        if (next < endAt) {
            tick = loop.schedule(this::onTick, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Sends waiting requests on idle connections, or opens connections for them. */
    private void dispatch() {
        if (plan.keepAlive()) {
            while (!backlog.isEmpty() && !idle.isEmpty()) {
                ClientConnection c = idle.pollFirst();
                if (c.isReady() && !c.isBusy()) {
                    send(c, backlog.poll());
                }
            }
        } else {
            while (!backlog.isEmpty() && open.size() < maxConnections) {
                openConnection().assigned = backlog.poll();
            }
        }
    }

    private void send(ClientConnection c, long intended) {
        sent++;
        c.send(intended, request.encode(c.channel().alloc(), pickHost()));
    }

    // ------------------------------------------------------------------ connection events

    void ready(ClientConnection c) {
        if (done) {
            c.close();
            return;
        }
        if (!started) {
            idle.addLast(c);
            settle();
            return;
        }
        if (!plan.keepAlive()) {
            if (c.assigned >= 0) {
                send(c, c.assigned);
            } else if (plan.mode() == Plan.Mode.CLOSED && !stopping) {
                send(c, System.nanoTime());
            } else {
                c.close();
            }
            return;
        }
        if (plan.mode() == Plan.Mode.CLOSED) {
            if (!stopping) {
                send(c, System.nanoTime());
            }
            return;
        }
        idle.addLast(c);
        dispatch();
    }

    void answered(ClientConnection c, int status, long intended, long sentAt, long end, long bytes,
                  boolean closeAfter) {
        if (plan.mode() == Plan.Mode.CLOSED && !plan.keepAlive()) {
            // Closed loop with a new connection per request: the request began when its connection did.
            tally.answered(Integer.toString(status), intended, intended, end, bytes);
        } else {
            tally.answered(Integer.toString(status), intended, sentAt, end, bytes);
        }
        if (!plan.keepAlive() || closeAfter) {
            c.close(); // closed() opens what replaces it
            return;
        }
        if (done) {
            c.close();
        } else if (plan.mode() == Plan.Mode.CLOSED) {
            if (!stopping) {
                send(c, System.nanoTime());
            }
        } else {
            idle.addLast(c);
            dispatch();
        }
        maybeFinish();
    }

    void closed(ClientConnection c, boolean busy, boolean wasReady, String why) {
        if (busy || !wasReady) {
            lastFailure = why;
        }
        open.remove(c);
        idle.remove(c);
        if (done && !busy) {
            return; // closed by finish(): still connecting or idle when the run ended, it carried no request
        }
        if (!started) {
            tally.failed(why);
            settle();
            return;
        }
        if (busy) {
            tally.failed(why);
        } else if (!wasReady) {
            tally.failed(why); // could not connect (or the tunnel or handshake failed)
            if (c.assigned >= 0) {
                c.assigned = -1;
            }
        }
        if (done) {
            return;
        }
        if (stopping) {
            maybeFinish();
            return;
        }
        boolean failedEarly = !wasReady || busy;
        long delay = failedEarly ? RECONNECT_NANOS : 0;
        if (plan.keepAlive() || plan.mode() == Plan.Mode.CLOSED) {
            loop.schedule(() -> {
                if (!stopping && !done) {
                    openConnection();
                }
            }, delay, TimeUnit.NANOSECONDS);
        } else {
            loop.schedule(this::dispatch, delay, TimeUnit.NANOSECONDS);
        }
    }

    // ------------------------------------------------------------------ timeouts and the end

    private void watch() {
        long now = System.nanoTime();
        for (ClientConnection c : new ArrayList<>(open)) {
            if (c.isBusy() && now - c.sentAt() > timeoutNanos) {
                tally.answered("timeout", c.intendedAt(), c.sentAt(), now, 0);
                c.abandon();
            }
        }
        while (!backlog.isEmpty() && now - backlog.peek() > timeoutNanos) {
            tally.expired(backlog.poll(), now);
        }
        if (!stopping && now >= endAt) {
            stopping = true;
            if (tick != null) {
                tick.cancel(false);
            }
        }
        if (stopping && now >= drainUntil) {
            while (!backlog.isEmpty()) {
                tally.expired(backlog.poll(), now);
            }
            for (ClientConnection c : open) {
                if (c.isBusy()) {
                    tally.answered("timeout", c.intendedAt(), c.sentAt(), now, 0);
                    c.abandon();
                }
            }
            finish();
        }
        maybeFinish();
    }

    private void maybeFinish() {
        if (!stopping || done) {
            return;
        }
        if (!backlog.isEmpty() && open.isEmpty()) {
            // No connection is left to send them (none could be made): they fail as their connections did.
            while (!backlog.isEmpty()) {
                backlog.poll();
                tally.failed(lastFailure);
            }
        }
        if (!backlog.isEmpty()) {
            return;
        }
        for (ClientConnection c : open) {
            if (c.isBusy()) {
                return;
            }
        }
        finish();
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (watch != null) {
            watch.cancel(false);
        }
        for (ClientConnection c : new ArrayList<>(open)) {
            c.close();
        }
        finished.run();
    }

    long sent() {
        return sent;
    }
}
