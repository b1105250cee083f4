package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Cli;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestFolder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OCSP stapling with {@code tls.ocsp = true}, against a real OCSP responder ({@code openssl ocsp}): a
 * certificate the responder says is good gets the response stapled; a revoked one gets none.
 */
class OcspStaplingTest {

    Path work;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Cli.Run r = Cli.run(cmd, "", 60);
        assertThat(r.exit()).as(String.join(" ", cmd) + "\n" + r.output()).isZero();
    }

    /** A leaf from the test CA naming the responder, written as leaf + issuer into the certificate folder. */
    void issue(Path certs, String name, int serial, int ocspPort) throws Exception {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=" + name,
                "-keyout", certs.resolve(name + ".key").toString(), "-out", work.resolve(name + ".csr").toString());
        Path ext = work.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=DNS:" + name + "\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:"
                + ocspPort + "\n");
        Path leaf = work.resolve(name + ".crt");
        openssl("x509", "-req", "-in", work.resolve(name + ".csr").toString(), "-CA", work.resolve("ca.crt").toString(),
                "-CAkey", work.resolve("ca.key").toString(), "-set_serial", Integer.toString(serial), "-days", "2",
                "-extfile", ext.toString(), "-out", leaf.toString());
        Files.writeString(certs.resolve(name + ".crt"), Files.readString(leaf) + Files.readString(work.resolve("ca.crt")));
    }

    @Test
    void aGoodCertificateGetsItsResponseStapledARevokedOneNone() throws Exception {
        SystemDeps.require("openssl", "openssl");
        work = Files.createTempDirectory("portico-ocsp-");
        Path certs = Files.createDirectories(work.resolve("certs"));
        int ocspPort;
        try (ServerSocket s = new ServerSocket(0)) {
            ocspPort = s.getLocalPort();
        }
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=ocsp-test-ca", "-keyout", work.resolve("ca.key").toString(),
                "-out", work.resolve("ca.crt").toString());
        issue(certs, "good.test", 1001, ocspPort);
        issue(certs, "revoked.test", 1002, ocspPort);
        String expires = ZonedDateTime.now(ZoneOffset.UTC).plusDays(2).format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"));
        String revokedAt = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"));
        Files.writeString(work.resolve("index.txt"), "V\t" + expires + "\t\t03E9\tunknown\t/CN=good.test\n"
                + "R\t" + expires + "\t" + revokedAt + "\t03EA\tunknown\t/CN=revoked.test\n");
        Process responder = new ProcessBuilder("openssl", "ocsp", "-index", work.resolve("index.txt").toString(),
                "-port", Integer.toString(ocspPort), "-rsigner", work.resolve("ca.crt").toString(),
                "-rkey", work.resolve("ca.key").toString(), "-CA", work.resolve("ca.crt").toString(), "-nmin", "60")
                .redirectErrorStream(true).redirectOutput(work.resolve("responder.log").toFile()).start();
        logged.start();
        ((Logger) LoggerFactory.getLogger(OcspStapler.class)).addAppender(logged);
        TestFolder f = TestFolder.withHttps(work)
                .gateway("tls.ocsp", "true");
        try (Gateway gateway = Gateway.start(f.dir())) {
            int port = gateway.port(Gateway.HTTPS);
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                String out = Cli.sClient(port, "-servername", "good.test", "-status").output();
                return out.contains("OCSP Response Status: successful") && out.contains("Cert Status: good");
            });
            Cli.sClient(port, "-servername", "revoked.test"); // builds its context, which asks the responder
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> logged.list.stream().anyMatch(e -> e
                    .getFormattedMessage().startsWith("revoked.test: OCSP response from http://127.0.0.1:" + ocspPort
                            + " not stapled: the responder does not say good for serial 3ea")));
            String revoked = Cli.sClient(port, "-servername", "revoked.test", "-status").output();
            assertThat(revoked).contains("CN = revoked.test").contains("OCSP response: no response sent");
        } finally {
            responder.destroy();
            ((Logger) LoggerFactory.getLogger(OcspStapler.class)).detachAppender(logged);
        }
    }
}
