package dev.portico.gateway.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import dev.portico.gateway.config.ConfigSnapshot.FileStamp;

/**
 * Reads a config folder ({@code gateway.properties}, {@code apps/*.properties}, {@code egress/}) into a
 * {@link ConfigSnapshot}. A reload re-reads only app files whose size or modification time changed, so
 * that one edited file among 100,000 is live in well under a second.
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

        Map<String, FileStamp> stamps = listApps(problems);
        Map<String, AppConfig> apps = new ConcurrentHashMap<>();
        List<String> toRead = new ArrayList<>();
        for (var e : stamps.entrySet()) {
            String name = e.getKey();
            if (previous != null && e.getValue().equals(previous.stamps().get(name))
                    && previous.apps().containsKey(name)) {
                apps.put(name, previous.apps().get(name));
            } else {
                toRead.add(name);
            }
        }
        toRead.parallelStream().forEach(name -> {
            String label = APPS_DIR + "/" + name + SUFFIX;
            List<ConfigProblem> own = new ArrayList<>();
            PropertiesFile file = PropertiesFile.read(folder.resolve(APPS_DIR).resolve(name + SUFFIX), label, own);
            AppConfigParser.parse(name, file, folder).ifPresent(app -> apps.put(name, app));
            problems.addAll(own);
        });
        TreeMap<String, AppConfig> sorted = new TreeMap<>(apps);
        checkDomainsUnique(sorted, problems);
        Optional<EgressConfig> egress = egress(gateway, problems);
        if (!problems.isEmpty() || gateway.isEmpty()) {
            List<ConfigProblem> sortedProblems = new ArrayList<>(problems);
            sortedProblems.sort((a, b) -> a.toString().compareTo(b.toString()));
            throw new ConfigException(sortedProblems);
        }
        return new ConfigSnapshot(folder, gateway.get(), sorted, stamps, egress);
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

    private Map<String, FileStamp> listApps(List<ConfigProblem> problems) {
        Map<String, FileStamp> out = new HashMap<>();
        Path dir = folder.resolve(APPS_DIR);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String f = p.getFileName().toString();
                if (!f.endsWith(SUFFIX) || f.startsWith(".")) {
                    continue; // editors' and atomic writers' temporary files
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.put(f.substring(0, f.length() - SUFFIX.length()),
                                new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
                    }
                } catch (NoSuchFileException e) {
                    // removed while listing: it is simply gone
                }
            }
        } catch (IOException e) {
            problems.add(new ConfigProblem(APPS_DIR, "", "cannot be listed: " + e.getMessage()));
        }
        return out;
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
