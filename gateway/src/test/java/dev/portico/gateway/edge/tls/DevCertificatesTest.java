package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** Development certificates: what the demo creates in an empty certificate folder, and what it leaves alone. */
class DevCertificatesTest {

    @Test
    void anEmptyFolderGetsADevCaAndADefaultCertificateThatVerifies() throws Exception {
        Path certs = Files.createTempDirectory("portico-dev-").resolve("certs");
        assertThat(DevCertificates.ensure(certs, List.of("*.portico.localhost", "portico.localhost"))).isTrue();
        assertThat(certs.resolve("dev-ca.crt")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("default.key"))))
                .isEqualTo("rw-------");

        LoadedPair pair = PairFiles.load(PairFiles.index(certs, "default"));
        assertThat(pair.pair().domains()).containsExactly("*.portico.localhost", "portico.localhost");
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(certs.resolve("dev-ca.crt"))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("dev", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        ((X509TrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(pair.chain(), "ECDHE_ECDSA");
        assertThat(pair.chain()[0].getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth

        // a second call finds the certificate and leaves the folder as it is
        long modified = Files.getLastModifiedTime(certs.resolve("default.crt")).toMillis();
        assertThat(DevCertificates.ensure(certs, List.of("other.localhost"))).isFalse();
        assertThat(Files.getLastModifiedTime(certs.resolve("default.crt")).toMillis()).isEqualTo(modified);
    }

    @Test
    void aFolderWithRealCertificatesIsLeftAlone() throws Exception {
        Path certs = Files.createTempDirectory("portico-real-");
        DevCa.loadOrCreate(Files.createTempDirectory("portico-elsewhere-")).issue(certs, "shop", List.of("shop.test"));
        assertThat(DevCertificates.ensure(certs, List.of("portico.localhost"))).isFalse();
        assertThat(certs.resolve("dev-ca.crt")).doesNotExist();
        assertThat(certs.resolve("default.crt")).doesNotExist();
    }

    @Test
    void theCaIsReusedForLaterCertificates() throws Exception {
        Path certs = Files.createTempDirectory("portico-reuse-");
        DevCa first = DevCa.loadOrCreate(certs);
        DevCa again = DevCa.loadOrCreate(certs);
        assertThat(again.certificate()).isEqualTo(first.certificate());
        again.issue(certs, "later", List.of("later.localhost", "127.0.0.1"));
        X509Certificate leaf = PairFiles.load(PairFiles.index(certs, "later")).chain()[0];
        leaf.verify(first.certificate().getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .containsExactly("later.localhost", "127.0.0.1");
    }
}
