package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Scrape;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A folder of 10,000 certificates: the gateway starts in seconds because it reads only the leaves into
 * its index, builds a context only for a domain that is asked for, and holds at most {@code tls.contexts}.
 */
class ManyCertificatesTest {

    static final int CERTIFICATES = 10_000;

    @Test
    void tenThousandCertificatesStartQuicklyAndOnlyVisitedDomainsHoldAContext() throws Exception {
        Path certs = Path.of("target", "test-certs-" + CERTIFICATES).toAbsolutePath();
        TestCa ca = new TestCa(certs);
        generateOnce(ca);
        Path dir = Files.createTempDirectory("portico-many-");
        TestFolder f = new TestFolder(dir).gateway("listen.https", "127.0.0.1:0")
                .gateway("tls.certs", certs.toString()).gateway("tls.contexts", "2");

        long start = System.nanoTime();
        try (Gateway gateway = Gateway.start(f.dir())) {
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(startMillis).as("start with %d certificates", CERTIFICATES).isLessThan(15_000);
            CertificateStore store = gateway.tls().certificates();
            assertThat(store.certificates()).isEqualTo(CERTIFICATES);
            assertThat(store.contexts()).isZero();

            int port = gateway.port(Gateway.HTTPS);
            for (int i : new int[] {7, 4242, 9999}) {
                TlsClient.Result r = TlsClient.get(ca.clientContext(), port, name(i) + ".test", name(i) + ".test", "/");
                assertThat(r.commonName()).isEqualTo(name(i) + ".test");
            }
            // three domains visited, at most tls.contexts = 2 contexts held; the rest are index entries only
            assertThat(store.contexts()).isEqualTo(2);
            assertThat(Scrape.value(gateway, "portico_tls_certificates")).isEqualTo(CERTIFICATES);
            assertThat(Scrape.value(gateway, "portico_tls_contexts")).isEqualTo(2);
            // an evicted certificate is built again on its next handshake
            assertThat(TlsClient.get(ca.clientContext(), port, name(7) + ".test", name(7) + ".test", "/")
                    .commonName()).isEqualTo(name(7) + ".test");
        }
    }

    /**
     * Writes the certificates unless an earlier run of this build left them complete (signing 10,000
     * certificates takes longer than starting on them, which is what is measured here).
     */
    static void generateOnce(TestCa ca) throws IOException {
        Path done = ca.folder().resolve(".complete");
        if (Files.exists(done)) {
            return;
        }
        KeyPair shared = DevCa.newKeyPair(); // one key for all: generating 10,000 keys would only slow the test
        IntStream.range(0, CERTIFICATES).parallel().forEach(i -> {
            try {
                ca.ca().issue(ca.folder(), name(i), List.of(name(i) + ".test"), shared);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Files.writeString(done, "");
    }

    static String name(int i) {
        return String.format("site%05d", i);
    }
}
