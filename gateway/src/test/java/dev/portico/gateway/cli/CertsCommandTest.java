package dev.portico.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code portico certs dev} and {@code portico certs check} as an operator runs them. */
class CertsCommandTest {

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new Main()).execute(args);
            return new Outcome(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void devWritesACaAndACertificateThatCheckAccepts() throws Exception {
        Path certs = Files.createTempDirectory("portico-certs-cli-");
        Outcome dev = run("certs", "dev", "--out", certs.toString(), "--domain", "*.portico.localhost",
                "--domain", "portico.localhost", "--name", "portico");
        assertThat(dev.exit()).as(dev.err()).isZero();
        assertThat(certs.resolve("portico.crt")).exists();
        assertThat(certs.resolve("portico.key")).exists();
        assertThat(dev.out()).contains("curl --cacert " + certs.resolve("dev-ca.crt"));

        Outcome check = run("certs", "check", "--dir", certs.toString());
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("portico.crt: ok, serves [*.portico.localhost, portico.localhost] until ")
                .contains("dev-ca.crt: a CA certificate").contains("1 certificates served, 0 problems");
    }

    @Test
    void checkFailsOnABrokenPairAndSaysWhy() throws Exception {
        Path certs = Files.createTempDirectory("portico-certs-broken-");
        run("certs", "dev", "--out", certs.toString(), "--domain", "a.localhost", "--name", "a");
        run("certs", "dev", "--out", certs.toString(), "--domain", "b.localhost", "--name", "b");
        Files.copy(certs.resolve("b.key"), certs.resolve("a.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Outcome check = run("certs", "check", "--dir", certs.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("a.crt: PROBLEM: a.key does not belong to a.crt").contains("b.crt: ok");
    }

    @Test
    void aDomainThatIsNotAHostNameIsRefused() throws Exception {
        Path certs = Files.createTempDirectory("portico-certs-bad-");
        Outcome bad = run("certs", "dev", "--out", certs.toString(), "--domain", "not a host");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'not a host': not a host name");
        assertThat(certs.resolve("default.crt")).doesNotExist();
    }
}
