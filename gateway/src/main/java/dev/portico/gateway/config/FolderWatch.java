package dev.portico.gateway.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config folder and its subfolders ({@code apps/}, {@code egress/}, ...) and runs
 * {@code onChange} once a burst of changes has settled: {@code quiet} without a new event, or at most
 * {@code maxDelay} after the first one, so that a tool rewriting 500 files causes one reload rather
 * than 500. It is told which paths changed, or that events were lost (then anything may have). Runs on its own thread; {@code onChange} runs there too, never on an event loop. Hidden
 * files (atomic writers' temporaries) and editors' backups are ignored, and so is anything
 * {@code ignored} accepts (the log folder, when it lies inside the config folder).
 */
public final class FolderWatch implements AutoCloseable {

    /** What changed during one burst: these paths, or, when {@code lost} is true, possibly anything. */
    public record Changes(Set<Path> paths, boolean lost) {
        public Changes {
            paths = Set.copyOf(paths);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(FolderWatch.class);

    private final Path root;
    private final WatchService watcher;
    private final Consumer<Changes> onChange;
    private final Set<Path> burst = new HashSet<>(); // watch thread only
    private boolean lost;
    private final Predicate<Path> ignored;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final Thread thread;

    private FolderWatch(Path root, Consumer<Changes> onChange, Predicate<Path> ignored, Duration quiet, Duration maxDelay)
            throws IOException {
        this.root = root;
        this.onChange = onChange;
        this.ignored = ignored;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.watcher = FileSystems.getDefault().newWatchService();
        registerTree(root);
        this.thread = new Thread(this::run, "portico-config-watch");
        thread.setDaemon(true);
    }

    /** Starts watching {@code root}. */
    public static FolderWatch start(Path root, Consumer<Changes> onChange, Predicate<Path> ignored, Duration quiet,
                                    Duration maxDelay) throws IOException {
        FolderWatch w = new FolderWatch(root, onChange, ignored, quiet, maxDelay);
        w.thread.start();
        return w;
    }

    /**
     * Watches the folder and the folders directly inside it. Deeper levels hold nothing the gateway
     * reads, and walking {@code apps/} would stat 100,000 files for nothing.
     */
    private void registerTree(Path dir) throws IOException {
        dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
        if (!dir.equals(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> !hidden(p) && !ignored.test(p)
                && !mountLink(p) && Files.isDirectory(p))) {
            for (Path d : entries) {
                d.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                awaitRelevant(watcher.take(), Long.MAX_VALUE);
                long first = System.nanoTime();
                long deadline = first + maxDelayNanos;
                while (true) { // debounce: wait for quiet, but not past the deadline
                    long wait = Math.min(quietNanos, deadline - System.nanoTime());
                    WatchKey next = wait <= 0 ? null : watcher.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    awaitRelevant(next, deadline);
                }
                Changes changes = new Changes(burst, lost);
                burst.clear();
                lost = false;
                try {
                    onChange.accept(changes);
                } catch (RuntimeException e) {
                    log.error("reload after a change in {} failed", root, e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the gateway is stopping
        }
    }

    /**
     * Consumes one key's events; returns once a relevant event has been seen (or the key held none,
     * in which case the caller's wait goes on). New subfolders are watched from now on.
     */
    private void awaitRelevant(WatchKey key, long deadline) throws InterruptedException {
        WatchKey k = key;
        while (true) {
            boolean relevant = false;
            Path dir = (Path) k.watchable();
            for (WatchEvent<?> e : k.pollEvents()) {
                if (e.kind() == OVERFLOW) {
                    relevant = true; // events were lost: a full reload finds whatever changed
                    lost = true;
                    continue;
                }
                Path p = dir.resolve((Path) e.context());
                if (hidden(p) || ignored.test(p)) {
                    continue;
                }
                relevant = true;
                burst.add(p);
                if (e.kind() == ENTRY_CREATE && dir.equals(root) && !mountLink(p) && Files.isDirectory(p)) {
                    try {
                        registerTree(p);
                    } catch (IOException ex) {
                        log.warn("cannot watch new folder {}: {}", p, ex.toString());
                    }
                }
            }
            k.reset();
            if (relevant || deadline != Long.MAX_VALUE) {
                return;
            }
            k = watcher.take();
        }
    }

    /**
     * Atomic writers' temporaries ({@code .x.tmp}) and editors' swap and backup files. Not the links and
     * folders of a mounted Kubernetes ConfigMap ({@link #mountLink}): their swap is how such a folder
     * changes.
     */
    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        return n.startsWith(".") && !n.startsWith("..") || n.endsWith("~") || n.endsWith(".swp")
                || n.endsWith(".swx") || n.equals("4913");
    }

    /**
     * A name of Kubernetes' atomic writer ({@code ..data}, {@code ..data_tmp}, {@code ..2026_11_30_...}):
     * the files of a mounted ConfigMap are links through {@code ..data}, which an update points at a new
     * folder in one rename. Such a change is reported; the folders behind it are not watched themselves.
     */
    public static boolean mountLink(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith("..");
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the config watch", e);
        }
        thread.interrupt();
    }
}
