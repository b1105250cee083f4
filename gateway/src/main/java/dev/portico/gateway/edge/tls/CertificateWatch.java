package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the certificate folder on its own thread and hands the changed pairs to the store once the
 * folder has been quiet for a moment, so that a certificate and its key written one after the other are
 * taken together. Anything it cannot attribute to one pair (an overflow, a renamed sub-folder or link,
 * as mounted secrets do it) asks for a full rescan, which compares every pair's files with the index.
 */
final class CertificateWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);
    private static final long QUIET_MILLIS = 300;
    private static final long IDLE_MILLIS = 1000;

    private final CertificateStore store;
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean rescanRequested;

    CertificateWatch(CertificateStore store) throws IOException {
        this.store = store;
        Path folder = store.folder();
        this.watcher = folder.getFileSystem().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::run, "portico-certs-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a full rescan on the watch thread (a reload asked for it); requests made meanwhile merge. */
    void requestRescan() {
        rescanRequested = true;
    }

    private void run() {
        Set<String> names = new HashSet<>();
        boolean rescan = false;
        while (true) {
            WatchKey key;
            try {
                // Polling, not interrupts, wakes the thread for a requested rescan: an interrupt would
                // also abort the file reads of a refresh in progress.
                key = watcher.poll(names.isEmpty() && !rescan ? IDLE_MILLIS : QUIET_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key != null) {
                rescan |= collect(key, names);
                continue; // wait until the folder is quiet
            }
            try {
                if (rescan || rescanRequested) {
                    rescanRequested = false;
                    store.rescan();
                } else if (!names.isEmpty()) {
                    store.refresh(names);
                }
            } catch (RuntimeException e) {
                log.warn("certificates ({}): refresh failed, the certificates in use keep serving", store.folder(), e);
            }
            names.clear();
            rescan = false;
        }
    }

    /** Adds the pairs {@code key}'s events name; true when an event needs a full rescan. */
    private static boolean collect(WatchKey key, Set<String> names) {
        boolean rescan = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || !(event.context() instanceof Path p)) {
                rescan = true;
                continue;
            }
            String file = p.getFileName().toString();
            if (file.endsWith(".crt") || file.endsWith(".key")) {
                if (!file.startsWith(".")) {
                    names.add(file.substring(0, file.length() - 4));
                }
            } else if (file.startsWith("..")) {
                rescan = true; // a mounted secret's ..data link swapped: the pairs behind it changed
            }
        }
        if (!key.reset()) {
            log.warn("certificates: the folder is no longer watched (was it removed?); reload to rescan it");
        }
        return rescan;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the certificate watch", e);
        }
        thread.interrupt();
    }
}
