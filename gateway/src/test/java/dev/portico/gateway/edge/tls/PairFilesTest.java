package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.testing.Cli;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading pairs from disk: the key formats in use, and a clear message for each broken pair. */
class PairFilesTest {

    final TestCa ca;
    final Path dir;

    PairFilesTest() throws Exception {
        dir = Files.createTempDirectory("portico-pairs-");
        ca = new TestCa(dir);
    }

    /** Rewrites a key file in OpenSSL's traditional format (SEC1 for EC, PKCS#1 for RSA), as older tools wrote it. */
    void traditional(String tool, Path key) {
        Path out = key.resolveSibling(key.getFileName() + ".new");
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", tool, "-in", key.toString(), "-out",
                out.toString()));
        if (tool.equals("rsa")) {
            cmd.add("-traditional"); // "openssl ec" writes SEC1 by itself
        }
        Cli.Run r = Cli.run(cmd, "", 30);
        assertThat(r.exit()).as(r.output()).isZero();
        try {
            Files.move(out, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pkcs8Sec1AndPkcs1KeysAllLoad() throws Exception {
        ca.issue("p8", "p8.test");
        assertThat(Files.readString(dir.resolve("p8.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PairFiles.load(PairFiles.index(dir, "p8")).chain()).hasSize(1);

        SystemDeps.require("openssl", "openssl");
        ca.issue("sec1", "sec1.test");
        traditional("ec", dir.resolve("sec1.key"));
        assertThat(Files.readString(dir.resolve("sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(PairFiles.load(PairFiles.index(dir, "sec1")).key().getAlgorithm()).isEqualTo("EC");

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        ca.ca().issue(dir, "rsa", List.of("rsa.test"), g.generateKeyPair());
        traditional("rsa", dir.resolve("rsa.key"));
        assertThat(Files.readString(dir.resolve("rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PairFiles.load(PairFiles.index(dir, "rsa")).key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void aKeyOfAnotherCertificateIsCaught() throws Exception {
        ca.issue("one", "one.test");
        ca.issue("two", "two.test");
        Files.copy(dir.resolve("two.key"), dir.resolve("one.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CertificatePair one = PairFiles.index(dir, "one");
        assertThatThrownBy(() -> PairFiles.load(one)).isInstanceOf(CertificateProblem.class)
                .hasMessage("one.key does not belong to one.crt (the key's public half differs from the certificate's)");
    }

    @Test
    void brokenPairsSayWhatToFix() throws Exception {
        ca.issue("nokey", "nokey.test");
        Files.delete(dir.resolve("nokey.key"));
        assertThatThrownBy(() -> PairFiles.index(dir, "nokey"))
                .hasMessage("nokey.key is missing (expected nokey.crt and nokey.key side by side)");

        Files.writeString(dir.resolve("junk.crt"), "not a certificate\n");
        Files.writeString(dir.resolve("junk.key"), "");
        assertThatThrownBy(() -> PairFiles.index(dir, "junk"))
                .hasMessage("no certificate (expected a PEM block -----BEGIN CERTIFICATE-----)");

        SystemDeps.require("openssl", "openssl");
        ca.issue("enc", "enc.test");
        Path encKey = dir.resolve("enc.key");
        Path encrypted = dir.resolve("enc.key.new");
        assertThat(Cli.run(List.of("openssl", "pkey", "-in", encKey.toString(), "-aes256", "-passout", "pass:secret",
                "-out", encrypted.toString()), "", 30).exit()).isZero();
        Files.move(encrypted, encKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CertificatePair enc = PairFiles.index(dir, "enc");
        assertThatThrownBy(() -> PairFiles.load(enc)).hasMessage("enc.key is encrypted (expected a key without "
                + "passphrase: openssl pkey -in enc.key -out enc.key)");

        assertThatThrownBy(() -> PairFiles.index(dir, DevCa.NAME)).isInstanceOfSatisfying(CertificateProblem.class,
                p -> assertThat(p.expected()).isTrue());
    }

    @Test
    void aLeafFirstChainIsRequired() throws Exception {
        ca.issue("chain", "chain.test");
        String leaf = Files.readString(dir.resolve("chain.crt"));
        String root = Files.readString(ca.caFile());
        Files.writeString(dir.resolve("chain.crt"), leaf + root);
        assertThat(PairFiles.load(PairFiles.index(dir, "chain")).chain()).hasSize(2);
        Files.writeString(dir.resolve("chain.crt"), root + leaf);
        assertThatThrownBy(() -> PairFiles.index(dir, "chain")).hasMessageContaining("CA certificate");
    }

    @Test
    void aCertificateWithoutSansServesItsCommonName() {
        SystemDeps.require("openssl", "openssl");
        Cli.Run r = Cli.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "2", "-subj", "/CN=Old.Style.Test", "-addext", "basicConstraints=critical,CA:FALSE", "-keyout", dir.resolve("old.key").toString(),
                "-out", dir.resolve("old.crt").toString()), "", 30);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Cli.run(List.of("openssl", "x509", "-in", dir.resolve("old.crt").toString(), "-noout", "-ext",
                "subjectAltName"), "", 30).output()).doesNotContain("DNS:");
        assertThat(catchIndex("old").domains()).containsExactly("old.style.test");
    }

    @Test
    void aSelfSignedCertificateMarkedCaIsServedForItsAltNamesButNotAsAChainHead() throws Exception {
        SystemDeps.require("openssl", "openssl");
        // openssl req -x509 marks the certificate CA:TRUE unless told otherwise
        Cli.Run r = Cli.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "2", "-subj", "/CN=bench.test", "-addext", "subjectAltName=DNS:bench.test",
                "-keyout", dir.resolve("self.key").toString(), "-out", dir.resolve("self.crt").toString()), "", 30);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Cli.run(List.of("openssl", "x509", "-in", dir.resolve("self.crt").toString(), "-noout", "-ext",
                "basicConstraints"), "", 30).output()).contains("CA:TRUE");
        assertThat(catchIndex("self").domains()).containsExactly("bench.test");
        String self = Files.readString(dir.resolve("self.crt"));
        Files.writeString(dir.resolve("self.crt"), self + Files.readString(ca.caFile()));
        assertThatThrownBy(() -> PairFiles.index(dir, "self")).hasMessageContaining("expected the server's own "
                + "certificate first");
    }

    CertificatePair catchIndex(String name) {
        try {
            return PairFiles.index(dir, name);
        } catch (CertificateProblem p) {
            throw new AssertionError(p.getMessage(), p);
        }
    }
}
