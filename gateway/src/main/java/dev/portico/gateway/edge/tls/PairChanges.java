package dev.portico.gateway.edge.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** What one refresh of the folder changed, logged as one line per pair (summarised beyond a few dozen). */
final class PairChanges {

    private static final int LOGGED = 30;

    private final Path folder;
    private final List<String> served = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();

    PairChanges(Path folder) {
        this.folder = folder;
    }

    void served(CertificatePair p, boolean replaced) {
        served.add(p.name() + ".crt: " + (replaced ? "replaced; " : "added; ") + "now serving " + p.domains()
                + " until " + p.notAfter());
    }

    void refused(String name, Exception problem, boolean hadOne) {
        if (problem instanceof CertificateProblem p && p.expected()) {
            notes.add(name + ".crt: " + p.getMessage());
            return;
        }
        refused.add(name + ".crt: not used: " + problem.getMessage() + (hadOne
                ? "; the certificate loaded before keeps serving" : ""));
    }

    void removed(CertificatePair p) {
        removed.add(p.name() + ".crt: removed; no longer serving " + p.domains());
    }

    void log(Logger log) {
        int n = 0;
        for (String s : served) {
            if (n++ < LOGGED) {
                log.info("certificates ({}): {}", folder, s);
            }
        }
        for (String s : removed) {
            if (n++ < LOGGED) {
                log.info("certificates ({}): {}", folder, s);
            }
        }
        for (String s : notes) {
            log.info("certificates ({}): {}", folder, s);
        }
        for (String s : refused) {
            if (n++ < LOGGED) {
                log.warn("certificates ({}): {}", folder, s);
            }
        }
        if (n > LOGGED) {
            log.info("certificates ({}): {} added or replaced, {} removed, {} refused in all", folder, served.size(),
                    removed.size(), refused.size());
        }
    }
}
