package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.testing.Cli;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index's own DER reading agrees with the JDK's certificate parser on what it reads. */
class LeafCertificateTest {

    static X509Certificate jdk(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    static byte[] der(Path crt) throws Exception {
        return PemBlocks.firstCertificate(Files.readAllBytes(crt));
    }

    @Test
    void namesExpiryAndCaFlagAsTheJdkReadsThem() throws Exception {
        Path dir = Files.createTempDirectory("portico-leaf-");
        TestCa ca = new TestCa(dir);
        byte[] leaf = der(ca.issue("multi", "Shop.Example.Test", "*.cdn.example.test", "10.1.2.3", "www.example.test"));
        LeafCertificate parsed = LeafCertificate.parse(leaf);
        assertThat(parsed.domains()).containsExactly("shop.example.test", "*.cdn.example.test", "www.example.test");
        assertThat(parsed.notAfter()).isEqualTo(jdk(leaf).getNotAfter().toInstant());
        assertThat(parsed.authority()).isFalse();

        byte[] root = der(ca.caFile());
        assertThat(LeafCertificate.parse(root).authority()).isTrue();
        assertThat(jdk(root).getBasicConstraints()).isNotNegative();
    }

    @Test
    void generalizedTimeAfter2049AndTheCommonNameOfACertificateWithoutSans() throws Exception {
        SystemDeps.require("openssl", "openssl");
        Path dir = Files.createTempDirectory("portico-leaf-openssl-");
        Cli.Run r = Cli.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "12000",
                "-subj", "/O=Old Style/CN=legacy.example.test", "-addext", "basicConstraints=critical,CA:FALSE",
                "-keyout", dir.resolve("l.key").toString(), "-out", dir.resolve("l.crt").toString()), "", 60);
        assertThat(r.exit()).as(r.output()).isZero();
        byte[] der = der(dir.resolve("l.crt"));
        LeafCertificate parsed = LeafCertificate.parse(der);
        assertThat(parsed.domains()).containsExactly("legacy.example.test");
        assertThat(parsed.notAfter()).isEqualTo(jdk(der).getNotAfter().toInstant());
        assertThat(parsed.notAfter().toString()).startsWith("20"); // past 2049: GeneralizedTime
        assertThat(parsed.authority()).isFalse();
    }

    @Test
    void truncatedBytesAreRefusedNotMisread() throws Exception {
        Path dir = Files.createTempDirectory("portico-leaf-bad-");
        byte[] leaf = der(new TestCa(dir).issue("x", "x.test"));
        for (int cut : new int[] {1, 10, leaf.length / 2, leaf.length - 1}) {
            byte[] truncated = Arrays.copyOf(leaf, cut);
            assertThatThrownBy(() -> LeafCertificate.parse(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
