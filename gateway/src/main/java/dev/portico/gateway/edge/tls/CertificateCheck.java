package dev.portico.gateway.edge.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code portico certs check}: every pair of a folder read whole and checked (chain, key, expiry), one
 * line each, as the gateway would read it before serving it.
 */
public final class CertificateCheck {

    private final List<String> lines;
    private final int problems;

    private CertificateCheck(List<String> lines, int problems) {
        this.lines = lines;
        this.problems = problems;
    }

    public static CertificateCheck of(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(folder + ": not a folder");
        }
        List<String> lines = new ArrayList<>();
        int problems = 0;
        int served = 0;
        boolean fallback = false;
        Instant now = Instant.now();
        for (String name : FolderScan.names(folder)) {
            try {
                CertificatePair pair = PairFiles.index(folder, name);
                PairFiles.load(pair);
                if (pair.notAfter().isBefore(now)) {
                    problems++;
                    lines.add(name + ".crt: EXPIRED on " + pair.notAfter() + " (still served until replaced): "
                            + pair.domains());
                } else {
                    lines.add(name + ".crt: ok, serves " + pair.domains() + " until " + pair.notAfter());
                }
                served++;
                fallback |= pair.isDefault();
            } catch (CertificateProblem p) {
                if (p.expected()) {
                    lines.add(name + ".crt: " + p.getMessage());
                } else {
                    problems++;
                    lines.add(name + ".crt: PROBLEM: " + p.getMessage());
                }
            }
        }
        lines.add(folder + ": " + served + " certificates served, " + problems + " problems; "
                + (fallback ? "default.crt answers unknown names" : "no default.crt: unknown names are refused"));
        return new CertificateCheck(lines, problems);
    }

    public List<String> lines() {
        return lines;
    }

    public int problems() {
        return problems;
    }
}
