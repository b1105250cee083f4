package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.portico.gateway.config.ConfigSnapshot.FileStamp;

/**
 * Reads a config folder ({@code gateway.properties}, {@code apps/*.properties}, {@code egress/}) into a
 * {@link ConfigSnapshot}. A reload re-reads only app files whose size or modification time changed, so
 * that one edited file among 100,000 is live in well under a second. Files are stamped and read in
 * parallel; plain files skip Commons Configuration (see {@link PlainProperties}).
 */
public final class ConfigFolder {

    public static final String GATEWAY_FILE = "gateway.properties";
    public static final String APPS_DIR = "apps";
    private static final String SUFFIX = ".properties";

    private final Path folder;
    private DomainOwners owners; // of the last snapshot made here; guarded by this

    public ConfigFolder(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /** Reads everything. */
    public ConfigSnapshot load() throws ConfigException {
        return reload(null);
    }

    /**
     * Reads what changed since {@code previous} (everything when it is null) and validates the result as
     * a whole; throws with every problem found, leaving {@code previous} in force for the caller. Every
     * app file is stamped (size, time, inode); only those whose stamp changed are read again.
     */
    public ConfigSnapshot reload(ConfigSnapshot previous) throws ConfigException {
        return read(previous, null);
    }

    /**
     * Like {@link #reload(ConfigSnapshot)}, but looks only at the named apps' files (created, changed or
     * removed) besides {@code gateway.properties}, keeping every other app of {@code previous} as it
     * is: for the file watch, which knows what changed. One edited file among 100,000 then costs one
     * stat and one read rather than 100,000 stats.
     */
    public ConfigSnapshot reload(ConfigSnapshot previous, Set<String> apps) throws ConfigException {
        return read(requireNonNull(previous, "previous"), requireNonNull(apps, "apps"));
    }

    /**
     * Of {@code apps}, those whose file is not the one {@code inForce} was read from: created, edited,
     * replaced or removed since (its size, time or inode differ), or unreadable. The file watch reports
     * a file whose times or mode alone were set as modified too; a reload would keep such a file's app
     * as it is, so it needs none.
     */
    public Set<String> changedApps(ConfigSnapshot inForce, Collection<String> apps) {
        Path appsDir = folder.resolve(APPS_DIR);
        Set<String> changed = new HashSet<>();
        for (String app : apps) {
            try {
                if (!Objects.equals(stamp(appsDir.resolve(app + SUFFIX)), inForce.stamps().get(app))) {
                    changed.add(app);
                }
            } catch (IOException e) {
                changed.add(app); // the reload reports why it cannot be read
            }
        }
        return changed;
    }

    /**
     * {@link #changedApps(ConfigSnapshot, Collection)} over every app file in {@code apps/} and every app
     * in force: for the file watch after it lost events. Null when {@code apps/} cannot be listed (a full
     * reload says why).
     */
    public Set<String> changedApps(ConfigSnapshot inForce) {
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> all = new HashSet<>(listApps(folder.resolve(APPS_DIR), problems));
        if (!problems.isEmpty()) {
            return null;
        }
        all.addAll(inForce.apps().keySet());
        return changedApps(inForce, all);
    }

    private ConfigSnapshot read(ConfigSnapshot previous, Set<String> only) throws ConfigException {
        List<ConfigProblem> problems = Collections.synchronizedList(new ArrayList<>());
        Path gatewayFile = folder.resolve(GATEWAY_FILE);
        if (!Files.isDirectory(folder)) {
            throw new ConfigException(List.of(new ConfigProblem(folder.toString(), "",
                    "is not a folder (expected a config folder with gateway.properties and apps/)")));
        }
        Optional<GatewayConfig> gateway = Optional.empty();
        if (!Files.isRegularFile(gatewayFile)) {
            problems.add(new ConfigProblem(GATEWAY_FILE, "", "missing (expected " + gatewayFile + ")"));
        } else {
            gateway = GatewayConfigParser.parse(PropertiesFile.read(gatewayFile, GATEWAY_FILE, problems), folder);
        }

        Path appsDir = folder.resolve(APPS_DIR);
        String[] sortedNames = (only == null ? listApps(appsDir, problems) : only).toArray(new String[0]);
        Arrays.parallelSort(sortedNames);
        List<String> names = Arrays.asList(sortedNames);
        // a full read claims every app's domains as it goes, on all cores; a partial one checks only its apps
        DomainOwners.Claims claims = only == null ? new DomainOwners.Claims(sortedNames.length) : null;
        AppReads reads = new AppReads(appsDir, names, previous, problems, claims);
        reads.run();
        SortedMap<String, AppConfig> sorted;
        SortedMap<String, FileStamp> stamps;
        if (only == null) {
            sorted = compact(sortedNames, reads.apps);
            stamps = compact(sortedNames, reads.stamps);
        } else {
            TreeMap<String, AppConfig> appChanges = new TreeMap<>();
            TreeMap<String, FileStamp> stampChanges = new TreeMap<>();
            for (int i = 0; i < sortedNames.length; i++) {
                appChanges.put(sortedNames[i], reads.apps[i]); // null: gone, or did not parse
                stampChanges.put(sortedNames[i], reads.stamps[i]);
            }
            sorted = SortedArrayMap.with(previous.apps(), appChanges);
            stamps = SortedArrayMap.with(sortedStamps(previous), stampChanges);
        }
        Optional<EgressConfig> egress = egress(gateway, problems);
        synchronized (this) {
            DomainOwners.Check check = only != null && owners != null && owners.describes(previous)
                    ? owners.checkChanged(previous, sorted, only, problems)
                    : claims != null ? claims.check(problems) : DomainOwners.checkAll(sorted, problems);
            if (!problems.isEmpty() || gateway.isEmpty()) {
                List<ConfigProblem> sortedProblems = new ArrayList<>(problems);
                sortedProblems.sort((a, b) -> a.toString().compareTo(b.toString()));
                throw new ConfigException(sortedProblems);
            }
            ConfigSnapshot next = new ConfigSnapshot(folder, gateway.get(), sorted, stamps, egress);
            owners = check.commit(next);
            return next;
        }
    }

    /** The small egress files are read whole on every reload; required when {@code listen.egress} is set. */
    private Optional<EgressConfig> egress(Optional<GatewayConfig> gateway, List<ConfigProblem> problems) {
        Path dir = folder.resolve(EgressConfigParser.DIR);
        if (Files.isDirectory(dir)) {
            return EgressConfigParser.parse(dir, problems);
        }
        if (gateway.isPresent() && gateway.get().listen().egress().isPresent()) {
            problems.add(new ConfigProblem(EgressConfigParser.DIR, "", "missing (expected a folder with "
                    + "allowlist.txt, accounts.properties and policy.properties when listen.egress is set)"));
        }
        return Optional.empty();
    }

    /** The names whose value is present, with their values, as a sorted map (names are sorted). */
    private static <V> SortedMap<String, V> compact(String[] names, Object[] values) {
        String[] k = new String[names.length];
        Object[] v = new Object[names.length];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                k[n] = names[i];
                v[n++] = values[i];
            }
        }
        return SortedArrayMap.of(k, v, n);
    }

    @SuppressWarnings("unchecked")
    private static SortedMap<String, FileStamp> sortedStamps(ConfigSnapshot s) {
        return s.stamps() instanceof SortedMap<?, ?> m ? (SortedMap<String, FileStamp>) m : new TreeMap<>(s.stamps());
    }

    /**
     * Stamps and reads the app files on all cores: a few workers each take the next block of files from
     * a shared counter. Plain loops rather than a parallel stream: with 100,000 files, the JIT's work on
     * the stream machinery's layers cost more start-up time than it saved.
     */
    private final class AppReads {
        private static final int BLOCK = 64;

        final FileStamp[] stamps;
        final AppConfig[] apps;
        private final Path dir;
        private final List<String> names;
        private final ConfigSnapshot previous;
        private final List<ConfigProblem> problems;
        private final AtomicInteger next = new AtomicInteger();

        private final DomainOwners.Claims claims;

        AppReads(Path dir, List<String> names, ConfigSnapshot previous, List<ConfigProblem> problems,
                 DomainOwners.Claims claims) {
            this.claims = claims;
            this.dir = dir;
            this.names = names;
            this.previous = previous;
            this.problems = problems;
            this.stamps = new FileStamp[names.size()];
            this.apps = new AppConfig[names.size()];
        }

        void run() {
            int workers = Math.min(Runtime.getRuntime().availableProcessors(), names.size() / BLOCK + 1);
            List<ForkJoinTask<?>> helpers = new ArrayList<>();
            for (int w = 1; w < workers; w++) {
                helpers.add(ForkJoinPool.commonPool().submit(this::work));
            }
            work();
            for (ForkJoinTask<?> h : helpers) {
                h.join();
            }
        }

        private void work() {
            int n = names.size();
            for (int from = next.getAndAdd(BLOCK); from < n; from = next.getAndAdd(BLOCK)) {
                int to = Math.min(n, from + BLOCK);
                for (int i = from; i < to; i++) {
                    read(i);
                }
            }
        }

        /**
         * One file. It is stamped before it is read: an edit racing the read leaves a newer stamp on
         * disk, so the next reload reads the file again.
         */
        private void read(int i) {
            String name = names.get(i);
            Path file = dir.resolve(name + SUFFIX);
            String label = APPS_DIR + "/" + name + SUFFIX;
            FileStamp stamp;
            try {
                stamp = stamp(file);
            } catch (IOException e) {
                problems.add(new ConfigProblem(label, "", "cannot be read: " + e.getMessage()));
                return;
            }
            if (stamp == null) {
                return; // removed while listing: it is simply gone
            }
            stamps[i] = stamp;
            AppConfig old = previous == null ? null : previous.apps().get(name);
            if (old != null && stamp.equals(previous.stamps().get(name))) {
                apps[i] = old;
            } else {
                List<ConfigProblem> own = new ArrayList<>();
                PropertiesFile props = PropertiesFile.read(file, stamp.size(), label, own);
                if (own.isEmpty()) { // an unreadable file is one problem, not one per missing key
                    apps[i] = AppConfigParser.parse(name, props, folder).orElse(null);
                }
                if (!own.isEmpty()) {
                    problems.addAll(own);
                }
            }
            if (claims != null && apps[i] != null) {
                claims.claim(apps[i]);
            }
        }
    }

    /** App names in {@code apps/} (see {@link #appName}). */
    private static List<String> listApps(Path dir, List<ConfigProblem> problems) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        // File.list gives bare names in one native pass, without a Path object per entry
        String[] files = dir.toFile().list();
        if (files == null) {
            problems.add(new ConfigProblem(APPS_DIR, "", "cannot be listed (expected a readable folder)"));
            return out;
        }
        for (String f : files) {
            String app = appName(f);
            if (app != null) {
                out.add(app);
            }
        }
        return out;
    }

    /**
     * The app a file of {@code apps/} configures ({@code shop} for {@code shop.properties}), or null for
     * any other name: hidden files (atomic writers' temporaries) and files that are not app files.
     */
    public static String appName(String fileName) {
        return fileName.endsWith(SUFFIX) && !fileName.startsWith(".") && fileName.length() > SUFFIX.length()
                ? fileName.substring(0, fileName.length() - SUFFIX.length()) : null;
    }

    /** The file's stamp, or null when it is gone or not a regular file. */
    private static FileStamp stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile()
                    ? new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey())
                    : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
