package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * One pass over the certificate folder: every {@code <name>.crt} read to its leaf, in parallel, with the
 * problems of the pairs that cannot be used. The index of 100,000 certificates is built this way at start.
 */
final class FolderScan {

    private static final int LOGGED = 20;

    private final List<CertificatePair> pairs;
    private final Map<String, CertificateProblem> problems;

    private FolderScan(List<CertificatePair> pairs, Map<String, CertificateProblem> problems) {
        this.pairs = pairs;
        this.problems = problems;
    }

    static FolderScan of(Path folder) {
        Map<String, CertificateProblem> problems = new ConcurrentHashMap<>();
        List<CertificatePair> pairs = names(folder).parallelStream().map(name -> {
            try {
                return PairFiles.index(folder, name);
            } catch (CertificateProblem p) {
                problems.put(name, p);
                return null;
            }
        }).filter(Objects::nonNull).toList();
        return new FolderScan(pairs, new TreeMap<>(problems));
    }

    /** The names of the folder's {@code <name>.crt} files (hidden files and temporary copies left out). */
    static List<String> names(Path folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.crt")) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (!file.startsWith(".")) {
                    names.add(file.substring(0, file.length() - ".crt".length()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("tls.certs = " + folder + ": cannot list the folder: " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    List<CertificatePair> pairs() {
        return pairs;
    }

    Map<String, CertificateProblem> problems() {
        return problems;
    }

    void logProblems(Logger log) {
        int logged = 0;
        for (Map.Entry<String, CertificateProblem> e : problems.entrySet()) {
            if (e.getValue().expected()) {
                log.info("{}.crt: {}", e.getKey(), e.getValue().getMessage());
            } else if (logged++ < LOGGED) {
                log.warn("{}.crt: not served: {}", e.getKey(), e.getValue().getMessage());
            }
        }
        if (logged > LOGGED) {
            log.warn("... and {} more certificate files not served (portico certs check --dir DIR lists them all)",
                    logged - LOGGED);
        }
    }

    void logExpired(Logger log) {
        Instant now = Instant.now();
        List<String> expired = new ArrayList<>();
        for (CertificatePair p : pairs) {
            if (p.notAfter().isBefore(now)) {
                expired.add(p.name() + ".crt (" + p.notAfter() + ")");
            }
        }
        if (!expired.isEmpty()) {
            Collections.sort(expired);
            log.warn("{} certificates have expired and are still served until replaced: {}{}", expired.size(),
                    String.join(", ", expired.subList(0, Math.min(LOGGED, expired.size()))),
                    expired.size() > LOGGED ? ", ..." : "");
        }
    }
}
