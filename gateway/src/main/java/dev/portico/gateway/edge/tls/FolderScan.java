package dev.portico.gateway.edge.tls;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;

/**
 * One pass over the certificate folder: every {@code <name>.crt} read to its leaf, on a few threads, with the
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
        List<String> names = names(folder);
        Map<String, CertificateProblem> problems = new ConcurrentHashMap<>();
        // Mostly system calls (two stats, an open, a read per pair): a few threads more than cores keep
        // the disk and the cores busy. Fixed slices, not a parallel stream: measured twice as fast here.
        int threads = Math.min(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), 16);
        int slice = (names.size() + threads - 1) / threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads, new DefaultThreadFactory("portico-certs-scan", true));
        try {
            List<Future<List<CertificatePair>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> part = names.subList(Math.min(names.size(), t * slice),
                        Math.min(names.size(), (t + 1) * slice));
                parts.add(pool.submit(() -> indexAll(folder, part, problems)));
            }
            List<CertificatePair> pairs = new ArrayList<>(names.size());
            for (Future<List<CertificatePair>> part : parts) {
                pairs.addAll(part.get());
            }
            return new FolderScan(pairs, new TreeMap<>(problems));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing " + folder, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("indexing " + folder + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static List<CertificatePair> indexAll(Path folder, List<String> names,
                                                  Map<String, CertificateProblem> problems) {
        List<CertificatePair> pairs = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                pairs.add(PairFiles.index(folder, name));
            } catch (CertificateProblem p) {
                problems.put(name, p);
            }
        }
        return pairs;
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
