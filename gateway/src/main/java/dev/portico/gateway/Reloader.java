package dev.portico.gateway;

import dev.portico.gateway.config.ConfigChange;
import dev.portico.gateway.config.ConfigException;
import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.FolderWatch;
import dev.portico.gateway.config.ReloadOutcome;
import dev.portico.gateway.config.Reloads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
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

    /** @param applied told of each snapshot put in force (on the reloading thread) */
    Reloader(Gateway gateway, Consumer<ConfigSnapshot> applied) {
        this.gateway = gateway;
        this.applied = applied;
    }

    @Override
    public synchronized ReloadOutcome reload(String trigger) {
        return reload(trigger, null);
    }

    /**
     * After the file watch saw {@code changes}: when they are all app files, only those are read again
     * (one edited file among 100,000 is live in milliseconds); anything else is a full reload.
     */
    public synchronized ReloadOutcome reload(FolderWatch.Changes changes) {
        Path apps = gateway.config().folder().resolve(ConfigFolder.APPS_DIR);
        Set<String> names = new HashSet<>();
        for (Path p : changes.paths()) {
            String file = p.getFileName().toString();
            if (!p.getParent().equals(apps) || !file.endsWith(".properties")) {
                return reload(WATCH, null);
            }
            names.add(file.substring(0, file.length() - ".properties".length()));
        }
        return reload(WATCH, changes.lost() || names.isEmpty() ? null : names);
    }

    private ReloadOutcome reload(String trigger, Set<String> onlyApps) {
        ConfigSnapshot before = gateway.config();
        long start = System.nanoTime();
        ConfigSnapshot after;
        try {
            after = gateway.reload(onlyApps); // logs the problems and counts the failure itself
        } catch (ConfigException e) {
            return new ReloadOutcome.Refused(trigger, e.problems());
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
        ReloadOutcome outcome = reload(trigger);
        if (outcome instanceof ReloadOutcome.Refused) {
            edit.undo();
            log.warn("{}: undone, the config folder did not reload with it", trigger);
        }
        return outcome;
    }
}
