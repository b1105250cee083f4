package dev.portico.gateway.edge.tls;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One {@code <name>.crt} + {@code <name>.key} pair of the certificate folder as the index knows it: the
 * domains its leaf certificate serves, when it expires, and the files' size and modification time.
 *
 * <p>Equality is identity on purpose: a pair read again after a change is a new object, so the context
 * cache never confuses the old certificate with its replacement, and lookups stay cheap.
 */
public final class CertificatePair {

    /** The pair named {@code default} also answers handshakes whose SNI matches no other certificate. */
    public static final String DEFAULT = "default";

    private final String name;
    private final Path certificate;
    private final Path key;
    private final List<String> domains;
    private final Instant notAfter;
    private final FileStamp stamp;

    CertificatePair(String name, Path certificate, Path key, List<String> domains, Instant notAfter, FileStamp stamp) {
        this.name = name;
        this.certificate = certificate;
        this.key = key;
        this.domains = List.copyOf(domains);
        this.notAfter = notAfter;
        this.stamp = stamp;
    }

    public String name() {
        return name;
    }

    public Path certificate() {
        return certificate;
    }

    public Path key() {
        return key;
    }

    /** DNS names from the leaf's SANs (or its CN when it has none), lower case; {@code *.x} for wildcards. */
    public List<String> domains() {
        return domains;
    }

    public Instant notAfter() {
        return notAfter;
    }

    FileStamp stamp() {
        return stamp;
    }

    public boolean isDefault() {
        return name.equals(DEFAULT);
    }

    @Override
    public String toString() {
        return name + domains;
    }
}
