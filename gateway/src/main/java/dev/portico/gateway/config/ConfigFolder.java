package dev.portico.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import dev.portico.gateway.config.ConfigSnapshot.FileStamp;

/**
 * Reads a config folder ({@code gateway.properties} and {@code apps/*.properties}) into a
 * {@link ConfigSnapshot}. A reload re-reads only app files whose size or modification time changed, so
 * that one edited file among 100,000 is live in well under a second. Files are stamped and read in
 * parallel; plain files skip Commons Configuration (see {@link PlainProperties}).
 */
public final class ConfigFolder {

    public static final String GATEWAY_FILE = "gateway.properties";
    public static final String APPS_DIR = "apps";
    private static final String SUFFIX = ".properties";

    private final Path folder;

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
     * a whole; throws with every problem found, leaving {@code previous} in force for the caller.
     */
    public ConfigSnapshot reload(ConfigSnapshot previous) throws ConfigException {
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
        List<String> names = listApps(appsDir, problems);
        FileStamp[] stamps = new FileStamp[names.size()];
        AppConfig[] apps = new AppConfig[names.size()];
        // Each file is stamped before it is read: an edit racing the read leaves a newer stamp on disk,
        // so the next reload reads the file again.
        IntStream.range(0, names.size()).parallel().forEach(i -> {
            String name = names.get(i);
            Path file = appsDir.resolve(name + SUFFIX);
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
                return;
            }
            List<ConfigProblem> own = new ArrayList<>();
            PropertiesFile props = PropertiesFile.read(file, label, own);
            AppConfigParser.parse(name, props, folder).ifPresent(app -> apps[i] = app);
            problems.addAll(own);
        });
        TreeMap<String, AppConfig> sorted = new TreeMap<>();
        List<Map.Entry<String, FileStamp>> stamped = new ArrayList<>(names.size());
        for (int i = 0; i < stamps.length; i++) {
            if (stamps[i] != null) {
                stamped.add(Map.entry(names.get(i), stamps[i]));
            }
            if (apps[i] != null) {
                sorted.put(names.get(i), apps[i]);
            }
        }
        // built once as an immutable map, which the snapshot then keeps without another copy
        @SuppressWarnings("unchecked")
        Map<String, FileStamp> stampsByName = Map.ofEntries(stamped.toArray(new Map.Entry[0]));
        checkDomainsUnique(sorted, problems);
        if (!problems.isEmpty() || gateway.isEmpty()) {
            List<ConfigProblem> sortedProblems = new ArrayList<>(problems);
            sortedProblems.sort((a, b) -> a.toString().compareTo(b.toString()));
            throw new ConfigException(sortedProblems);
        }
        return new ConfigSnapshot(folder, gateway.get(), sorted, stampsByName);
    }

    /** App names in {@code apps/}, skipping editors' and atomic writers' temporary files. */
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
            if (f.endsWith(SUFFIX) && !f.startsWith(".") && f.length() > SUFFIX.length()) {
                out.add(f.substring(0, f.length() - SUFFIX.length()));
            }
        }
        return out;
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

    private static void checkDomainsUnique(TreeMap<String, AppConfig> apps, List<ConfigProblem> problems) {
        Map<String, String> owner = new HashMap<>(apps.size() * 3);
        for (AppConfig app : apps.values()) {
            for (String d : app.domains()) {
                String prev = owner.putIfAbsent(d, app.name());
                if (prev != null) {
                    problems.add(new ConfigProblem(APPS_DIR + "/" + app.name() + SUFFIX, "domains",
                            "'" + d + "' already belongs to app " + prev + " (expected each domain in one app only)"));
                }
            }
        }
    }
}
