package dev.portico.gateway.logs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.AppConfigParser;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.AccessLog;
import dev.portico.gateway.proxy.AccessRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each app's access and error log. Exchanges hand their record to a bounded queue (never
 * waiting: a full queue drops the line and counts it in {@code portico_log_lines_dropped_total}); one
 * thread formats and writes. Files are opened on an app's first line and closed after {@link #IDLE}
 * without one, and at most {@link #MAX_OPEN} apps have files open at once, so that 10,000 apps do not
 * hold 20,000 file handles.
 */
public final class AppLogs implements AccessLog, AutoCloseable {

    static final int QUEUE = 65_536;
    static final int MAX_OPEN = 256;
    static final Duration IDLE = Duration.ofSeconds(30);
    /**
     * How long the writer sleeps when the queue is empty. It never waits on the queue itself: then every
     * line put in would have to wake it, a system call on an event loop for each request, and each wake-up
     * would write a line or two at a time. Lines reach their files within about this time.
     */
    static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int BATCH = 4096;
    private static final long CLEAN_UP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(AppLogs.class);

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Metrics metrics;
    private final Function<String, AppConfig> apps;
    private final ZoneId zone = ZoneId.systemDefault();
    private final LogLines lines = new LogLines(zone);
    private final Archiver archiver = new Archiver();
    private final Cache<String, AppLogFiles> open;
    private final Set<AppLogFiles> dirty = new HashSet<>(); // writer thread only
    private final Thread writer;
    private volatile GatewayConfig.Logs settings;
    private GatewayConfig.Logs inUse; // writer thread only
    private volatile boolean closing;
    private long lastWarning;

    /** @param apps the config in force for an app name, or null (for the words of error lines) */
    public AppLogs(GatewayConfig.Logs settings, Metrics metrics, Function<String, AppConfig> apps) {
        this.settings = settings;
        this.metrics = metrics;
        this.apps = apps;
        this.open = Caffeine.newBuilder()
                .maximumSize(MAX_OPEN)
                .expireAfterAccess(IDLE)
                .executor(Runnable::run) // evictions close files on the writer thread, the only one using them
                .removalListener((String app, AppLogFiles files, RemovalCause cause) -> closeQuietly(files))
                .build();
        this.writer = new Thread(this::run, "portico-app-logs");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public boolean enabled() {
        return settings.dir().isPresent();
    }

    @Override
    public void log(AccessRecord record) {
        if (!queue.offer(record)) {
            metrics.logLineDropped();
        }
    }

    /** Takes new settings (after a reload); files reopen under them. */
    public void configure(GatewayConfig.Logs next) {
        settings = next;
    }

    /** Waits until every line handed over so far is written and flushed. */
    public void sync() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        queue.put(done);
        done.await(30, TimeUnit.SECONDS);
    }

    Archiver archiver() {
        return archiver;
    }

    /** File handles the logs hold now (at most twice {@link #MAX_OPEN}). */
    public int openHandles() throws InterruptedException {
        int[] n = new int[1];
        CountDownLatch done = new CountDownLatch(1);
        queue.put((Runnable) () -> {
            open.cleanUp();
            open.asMap().values().forEach(f -> n[0] += f.handles());
            done.countDown();
        });
        done.await(30, TimeUnit.SECONDS);
        return n[0];
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        long lastCleanUp = System.nanoTime();
        while (!closing || !queue.isEmpty()) {
            if (queue.drainTo(batch, BATCH) == 0) {
                long now = System.nanoTime();
                if (now - lastCleanUp >= CLEAN_UP_NANOS) {
                    open.cleanUp(); // lets idle files expire while no line arrives
                    lastCleanUp = now;
                }
                // close() unparks; with logs off, only sync() and openHandles() put anything in
                LockSupport.parkNanos(this, enabled() ? IDLE_PARK_NANOS : CLEAN_UP_NANOS);
                continue;
            }
            LocalDate today = LocalDate.now(zone);
            for (Object item : batch) {
                handle(item, today);
            }
            batch.clear();
            flushDirty();
        }
        flushDirty();
        open.invalidateAll();
        open.cleanUp();
        archiver.close();
    }

    private void handle(Object item, LocalDate today) {
        if (item instanceof AccessRecord r) {
            write(r, today);
        } else if (item instanceof CountDownLatch done) {
            flushDirty();
            done.countDown();
        } else if (item instanceof Runnable task) {
            task.run();
        }
    }

    private void write(AccessRecord r, LocalDate today) {
        GatewayConfig.Logs s = settings;
        if (!s.equals(inUse)) {
            flushDirty();
            open.invalidateAll(); // a new folder, size or count: reopen under the new settings
            open.cleanUp();
            inUse = s;
        }
        if (s.dir().isEmpty() || !AppConfigParser.validAppName(r.app())) {
            return; // off, or no app ("-"): nothing to write to
        }
        Path dir = s.dir().get();
        try {
            AppLogFiles files = open.get(r.app(), app -> new AppLogFiles(dir, app, archiver, s.maxSize(), s.keep(), zone));
            files.access(lines.access(r), today);
            String error = lines.error(r, apps.apply(r.app()));
            if (error != null) {
                files.error(error, today);
            }
            dirty.add(files);
        } catch (IOException | RuntimeException e) {
            metrics.logLineDropped();
            warn(r.app(), e);
        }
    }

    private void flushDirty() {
        for (AppLogFiles f : dirty) {
            try {
                f.flush();
            } catch (IOException e) {
                warn("?", e);
            }
        }
        dirty.clear();
    }

    private void closeQuietly(AppLogFiles files) {
        dirty.remove(files);
        try {
            files.close();
        } catch (IOException e) {
            warn("?", e);
        }
    }

    /** At most one warning a minute: a full disk must not flood the gateway's own log. */
    private void warn(String app, Exception e) {
        long now = System.nanoTime();
        if (lastWarning == 0 || now - lastWarning > 60_000_000_000L) {
            lastWarning = now;
            log.warn("app logs: cannot write for app {} ({}); lines are dropped and counted in "
                    + "portico_log_lines_dropped_total", app, e.toString());
        }
    }

    /** Writes what is queued, closes every file, waits for archives under way. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer); // not an interrupt: the writer still waits for archives under way
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
