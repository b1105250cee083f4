package dev.portico.gateway;

import dev.portico.gateway.config.ConfigChange;
import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.EgressConfigParser;
import dev.portico.gateway.config.FolderWatch;
import dev.portico.gateway.config.ReloadOutcome;
import dev.portico.gateway.config.Reloads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to {@link Gateway#reload}: the file watch, {@code SIGHUP}, {@code POST /api/reload} and
 * {@code PATCH /api/apps/<app>} all come through here, one at a time, and every outcome is logged with
 * what changed or every {@code file:key} problem.
 */
public final class Reloader implements Reloads {

    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    /** The file watch's trigger name: its reloads that change nothing are not worth a log line. */
    static final String WATCH = "file watch";

    private final Gateway gateway;
    private final Consumer<ConfigSnapshot> applied;
    private final Set<String> pending = new HashSet<>(); // app files a refused reload read
    private boolean scanPending; // a full reload was refused: compare every app file next time

    /** @param applied told of each snapshot put in force (on the reloading thread) */
    Reloader(Gateway gateway, Consumer<ConfigSnapshot> applied) {
        this.gateway = gateway;
        this.applied = applied;
    }

    @Override
    public synchronized ReloadOutcome reload(String trigger) {
        return reload(trigger, null, true);
    }

    /**
     * After the file watch saw {@code changes}, reads again only what may have changed:
     * <ul>
     * <li>of the app files reported, those whose file is not the one in force (one edited file among
     * 100,000 is live in milliseconds). A file whose times or mode alone were set ({@code touch -a},
     * {@code chmod}) is reported too and needs nothing;</li>
     * <li>after lost events, when {@code apps/} itself was reported, or when a mounted ConfigMap's
     * {@code ..data} link was swapped, every app file whose stamp differs from the one in force;</li>
     * <li>{@code gateway.properties} and {@code egress/} on every reload (they are small);</li>
     * <li>app files a refused reload had read, until a reload puts them in force.</li>
     * </ul>
     * Other files cause no reload: the gateway does not read them, and its own output redirected into
     * the folder would otherwise reload it for every line it writes (and, with a broken file, refuse
     * again for every warning it logs about it). Certificates have their own watch.
     *
     * @return the outcome, or empty when nothing the gateway reads had changed
     */
    public synchronized Optional<ReloadOutcome> reload(FolderWatch.Changes changes) {
        ConfigSnapshot inForce = gateway.config();
        Path folder = inForce.folder();
        Path apps = folder.resolve(ConfigFolder.APPS_DIR);
        Path gatewayFile = folder.resolve(ConfigFolder.GATEWAY_FILE);
        Path egress = folder.resolve(EgressConfigParser.DIR);
        Set<String> names = new HashSet<>();
        boolean scan = changes.lost();
        boolean settings = changes.lost();
        for (Path p : changes.paths()) {
            if (p.equals(apps)) {
                scan = true; // created, removed, replaced
            } else if (FolderWatch.mountLink(p)) {
                scan = true; // a mounted ConfigMap's ..data link swapped: any file behind it may have changed
                settings = true;
            } else if (apps.equals(p.getParent())) {
                String app = ConfigFolder.appName(p.getFileName().toString());
                if (app != null) {
                    names.add(app);
                }
            } else if (p.equals(gatewayFile) || p.startsWith(egress)) {
                settings = true;
            }
        }
        if (names.isEmpty() && !scan && !settings) {
            return Optional.empty(); // no file the gateway reads: not even a log line, which could land here
        }
        names.addAll(pending);
        scan |= scanPending;
        Set<String> changed = scan ? gateway.folder().changedApps(inForce)
                : gateway.folder().changedApps(inForce, names);
        if (changed == null) {
            return Optional.of(reload(WATCH, null, true)); // apps/ cannot be listed: a full reload says why
        }
        if (changed.isEmpty() && !settings) {
            log.debug("file watch: {} app file(s) reported, none changed (times or mode only)", names.size());
            return Optional.empty();
        }
        return Optional.of(reload(WATCH, changed, scan));
    }

    /**
     * Reads {@code onlyApps} again (null: every app file whose stamp changed) besides gateway.properties
     * and egress/. {@code everyFileCompared}: every app file's stamp was compared with the version in
     * force to find {@code onlyApps}, so once applied nothing read earlier is still waiting.
     */
    private ReloadOutcome reload(String trigger, Set<String> onlyApps, boolean everyFileCompared) {
        ConfigSnapshot before = gateway.config();
        long start = System.nanoTime();
        ConfigSnapshot after;
        try {
            after = gateway.reload(onlyApps); // logs the problems and counts the failure itself
        } catch (ConfigException e) {
            // what it read is still to be put in force: the next watched change reads it again
            if (onlyApps == null) {
                scanPending = true;
            } else {
                pending.addAll(onlyApps);
            }
            return new ReloadOutcome.Refused(trigger, e.problems());
        }
        if (everyFileCompared) {
            pending.clear();
            scanPending = false;
        } else {
            pending.removeAll(onlyApps);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        ConfigChange change = onlyApps == null ? ConfigChange.between(before, after)
                : ConfigChange.between(before, after, onlyApps);
        if (change.isEmpty() && trigger.equals(WATCH)) {
            log.debug("config reloaded ({}) in {} ms: no change", trigger, millis);
        } else {
            log.info("config reloaded ({}) in {} ms: {}", trigger, millis, change);
        }
        applied.accept(after);
        return new ReloadOutcome.Applied(trigger, change, millis);
    }

    @Override
    public synchronized ReloadOutcome reloadAfter(String trigger, FolderEdit edit) throws IOException {
        edit.apply();
        // An edit of app files reads again what a full reload would (the edited files, and any other
        // file not in force, so that a broken one still refuses it), without putting every unchanged
        // app in force again: among 100,000 apps, a stat of each file instead of a rebuild.
        Set<String> changed = edit.appFilesOnly() ? gateway.folder().changedApps(gateway.config()) : null;
        ReloadOutcome outcome = reload(trigger, changed, true);
        if (outcome instanceof ReloadOutcome.Refused) {
            edit.undo();
            log.warn("{}: undone, the config folder did not reload with it", trigger);
        }
        return outcome;
    }
}
