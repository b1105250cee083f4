package dev.portico.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.loadtest.peer.Certificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** The command line kept in each result can be pasted into a shell as it is written. */
    @Test
    void theRecordedCommandQuotesWhatAShellWouldSplit() {
        Main.execute("--version", "--label", "with Netty relays", "it's", "plain");
        assertThat(Main.commandLine()).isEqualTo(
                "java -jar loadtest/target/loadtest.jar --version --label 'with Netty relays' 'it'\\''s' plain");
    }

    /** An address that is not host:port is refused before anything starts, with the form expected. */
    @Test
    void aProxyOrRelayAddressThatIsNotHostPortIsRefusedWithTheFormExpected() {
        assertThat(refusal("load", "http://127.0.0.1:1/", "--closed", "-d", "1s", "--proxy", "127.0.0.1"))
                .contains("load: --proxy 127.0.0.1 (expected host:port, such as 127.0.0.1:3128)");
        assertThat(refusal("load", "http://127.0.0.1:1/", "--closed", "-d", "1s", "--proxy", "127.0.0.1:http"))
                .contains("--proxy 127.0.0.1:http (expected host:port");
        assertThat(refusal("relay", "--to", "127.0.0.1:0"))
                .contains("relay: --to 127.0.0.1:0 (expected host:port, such as 127.0.0.1:9101)");
    }

    /** TLS options the engine cannot honour are refused before anything starts, saying which. */
    @Test
    void tlsOptionsTheEngineCannotHonourAreRefused() {
        assertThat(refusal("load", "https://127.0.0.1:1/", "--closed", "-d", "1s", "--ca", "ca.crt",
                "--tls-provider", "jdk", "--tls-groups", "X25519"))
                .contains("load: tls groups 'X25519' need the openssl provider");
        assertThat(refusal("load", "https://127.0.0.1:1/", "--closed", "-d", "1s", "--ca", "ca.crt",
                "--tls-provider", "boring"))
                .contains("load: tls provider 'boring' (expected openssl or jdk)");
    }

    /** So is what only shows when the TLS client is built: a group the engine does not know, no CA file. */
    @Test
    void aKeyExchangeGroupTheEngineDoesNotKnowIsRefused(@TempDir Path dir) throws Exception {
        Certificates certs = Certificates.make(dir, dir.resolve("certs"), "bench", List.of("bench.test"));
        assertThat(refusal("load", "https://127.0.0.1:1/", "--closed", "-d", "1s", "--ca", certs.ca().toString(),
                "--tls-groups", "NOPE"))
                .contains("load: cannot build a TLS client trusting").contains("NOPE");
        assertThat(refusal("load", "https://127.0.0.1:1/", "--closed", "-d", "1s", "--ca",
                dir.resolve("missing.crt").toString()))
                .contains("load: File does not contain valid certificates: ").contains("missing.crt");
    }

    private static String refusal(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute(args)).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
