package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsClient;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Certificates change on disk while the gateway runs: a renewed pair is served to new handshakes within
 * seconds, an added one is picked up, a removed one stops being served, and a broken replacement is
 * reported and never replaces the certificate in use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateReloadTest {

    static final Duration WITHIN = Duration.ofSeconds(5);

    TestCa ca;
    Path certs;
    Gateway gateway;
    int port;
    ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("portico-reload-");
        certs = dir.resolve("certs");
        ca = new TestCa(certs);
        ca.issue("a", "a.test");
        ca.issue("default", "fallback.test");
        TestFolder f = TestFolder.withHttps(dir);
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTPS);
        logged.start();
        ((Logger) LoggerFactory.getLogger(CertificateStore.class)).addAppender(logged);
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(CertificateStore.class)).detachAppender(logged);
        gateway.close();
    }

    X509Certificate served(String sni) {
        return TlsClient.send(ca.clientContext(), port, sni, false,
                "GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n").certificate();
    }

    static BigInteger serialOf(Path crt) throws Exception {
        try (var in = Files.newInputStream(crt)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        }
    }

    @Test
    void aRenewedCertificateIsServedWithinSecondsWithoutRestart() throws Exception {
        BigInteger before = served("a.test").getSerialNumber(); // its context is now cached ("hot")
        assertThat(before).isEqualTo(serialOf(certs.resolve("a.crt")));
        ca.issue("a", "a.test");
        BigInteger renewed = serialOf(certs.resolve("a.crt"));
        assertThat(renewed).isNotEqualTo(before);
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> served("a.test").getSerialNumber().equals(renewed));
    }

    @Test
    void anAddedPairIsPickedUpAndARemovedOneIsNoLongerServed() throws Exception {
        assertThat(served("c.test").getSubjectX500Principal().getName()).isEqualTo("CN=fallback.test");
        ca.issue("c", "c.test");
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> served("c.test").getSubjectX500Principal().getName().equals("CN=c.test"));
        Files.delete(certs.resolve("c.crt"));
        Files.delete(certs.resolve("c.key"));
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> served("c.test").getSubjectX500Principal().getName().equals("CN=fallback.test"));
    }

    @Test
    void aBrokenReplacementIsReportedAndTheGoodCertificateKeepsServing() throws Exception {
        ca.issue("b", "b.test");
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> served("b.test").getSubjectX500Principal().getName().equals("CN=b.test"));
        BigInteger good = served("b.test").getSerialNumber();

        // A renewal that wrote its certificate but not (yet) its key: the pair no longer belongs together.
        Path elsewhere = Files.createTempDirectory("portico-other-");
        ca.ca().issue(elsewhere, "b", List.of("b.test"));
        Path tmp = certs.resolve(".b.crt.tmp");
        Files.copy(elsewhere.resolve("b.crt"), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, certs.resolve("b.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> logged.list.stream()
                .anyMatch(e -> e.getFormattedMessage().contains("b.crt: not used: b.key does not belong to b.crt")));
        for (int i = 0; i < 3; i++) {
            assertThat(served("b.test").getSerialNumber()).isEqualTo(good);
        }

        // The key arrives: now the pair is whole, and it is served.
        Files.copy(elsewhere.resolve("b.key"), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, certs.resolve("b.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        BigInteger renewed = serialOf(certs.resolve("b.crt"));
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> served("b.test").getSerialNumber().equals(renewed));
    }

    @Test
    void aReloadRescansTheFolder() throws Exception {
        ca.issue("d", "d.test");
        gateway.reload();
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> served("d.test").getSubjectX500Principal().getName().equals("CN=d.test"));
    }
}
