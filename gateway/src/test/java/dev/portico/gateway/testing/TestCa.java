package dev.portico.gateway.testing;

import dev.portico.gateway.edge.tls.DevCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate folder for a test, with its own CA ({@code dev-ca.crt}, which the gateway skips) that
 * issues real certificates, and client-side trust in that CA: every TLS test verifies what it is served.
 */
public final class TestCa {

    private final Path folder;
    private final DevCa ca;

    public TestCa(Path folder) {
        this.folder = folder;
        try {
            this.ca = DevCa.loadOrCreate(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The CA certificate's file, for {@code curl --cacert} and {@code openssl -CAfile}. */
    public Path caFile() {
        return folder.resolve(DevCa.NAME + ".crt");
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public DevCa ca() {
        return ca;
    }

    /** Writes {@code <name>.crt} + {@code <name>.key} serving {@code domains}. */
    public Path issue(String name, String... domains) {
        try {
            return ca.issue(folder, name, List.of(domains));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
