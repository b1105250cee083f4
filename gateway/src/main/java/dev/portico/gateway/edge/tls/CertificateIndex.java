package dev.portico.gateway.edge.tls;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which certificate pair answers a handshake, by its SNI: an exact name first, then a wildcard of the
 * left-most label ({@code *.b.test} covers {@code x.b.test}, not {@code y.x.b.test}, as TLS clients check
 * it), then {@code default}. Immutable; a change to the folder builds a new one, swapped in one step.
 *
 * <p>When two files claim a name, the certificate that expires last wins, so a renewal written under a
 * new file name takes over before the old file is deleted.
 */
final class CertificateIndex {

    static final CertificateIndex EMPTY = new CertificateIndex(Map.of());

    private static final Comparator<CertificatePair> PREFERRED = Comparator
            .comparing(CertificatePair::notAfter).thenComparing(CertificatePair::name, Comparator.reverseOrder());

    private final Map<String, CertificatePair> byName;
    private final Map<String, CertificatePair> exact = new HashMap<>();
    private final Map<String, CertificatePair> wildcard = new HashMap<>(); // "b.test" for "*.b.test"
    private final CertificatePair fallback;

    private CertificateIndex(Map<String, CertificatePair> byName) {
        this.byName = byName;
        for (CertificatePair p : byName.values()) {
            for (String d : p.domains()) {
                if (d.startsWith("*.")) {
                    wildcard.merge(d.substring(2), p, CertificateIndex::preferred);
                } else {
                    exact.merge(d, p, CertificateIndex::preferred);
                }
            }
        }
        this.fallback = byName.get(CertificatePair.DEFAULT);
    }

    static CertificateIndex of(Collection<CertificatePair> pairs) {
        Map<String, CertificatePair> byName = new HashMap<>(pairs.size() * 2);
        for (CertificatePair p : pairs) {
            byName.put(p.name(), p);
        }
        return new CertificateIndex(byName);
    }

    /** This index with {@code changed} pairs added or replaced and {@code removed} names dropped. */
    CertificateIndex with(Collection<CertificatePair> changed, Set<String> removed) {
        Map<String, CertificatePair> next = new HashMap<>(byName);
        next.keySet().removeAll(removed);
        for (CertificatePair p : changed) {
            next.put(p.name(), p);
        }
        return new CertificateIndex(next);
    }

    /** The pair for {@code sni} (lower case, as SniHandler passes it; null when the client sent none). */
    CertificatePair select(String sni) {
        if (sni == null || sni.isEmpty()) {
            return fallback;
        }
        if (sni.endsWith(".")) {
            sni = sni.substring(0, sni.length() - 1);
        }
        CertificatePair p = exact.get(sni);
        if (p != null) {
            return p;
        }
        int dot = sni.indexOf('.');
        if (dot > 0) {
            p = wildcard.get(sni.substring(dot + 1));
            if (p != null) {
                return p;
            }
        }
        return fallback;
    }

    CertificatePair byName(String name) {
        return byName.get(name);
    }

    Collection<CertificatePair> pairs() {
        return byName.values();
    }

    int size() {
        return byName.size();
    }

    private static CertificatePair preferred(CertificatePair a, CertificatePair b) {
        return PREFERRED.compare(a, b) >= 0 ? a : b;
    }
}
