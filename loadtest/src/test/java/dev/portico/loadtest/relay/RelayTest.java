package dev.portico.loadtest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.loadtest.app.AppSpec;
import dev.portico.loadtest.app.SimulatedApps;
import dev.portico.loadtest.testing.RawClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class RelayTest {

    private SimulatedApps apps;
    private InetSocketAddress app;

    @BeforeEach
    void startApp() throws Exception {
        apps = SimulatedApps.start(List.of(AppSpec.parse("http://127.0.0.1:0 workers=2 service=fixed:0 name=shop")), 1);
        app = new InetSocketAddress("127.0.0.1", apps.apps().get(0).uri().port());
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    /** Requests on one visitor connection reach the app, pipelined or not, and come back whole and in order. */
    @ParameterizedTest
    @EnumSource(Relay.Mode.class)
    void answersComeBackUnchangedOnOneConnection(Relay.Mode mode) throws Exception {
        try (Relay relay = Relay.start(mode, 0, app, 1); RawClient c = RawClient.tcp(relay.port())) {
            assertThat(c.send("GET /one HTTP/1.1\r\nHost: shop.test\r\n\r\n").readResponse())
                    .startsWith("HTTP/1.1 200 OK\r\n").contains("X-App: shop").endsWith("GET /one\n");
            c.send("GET /2 HTTP/1.1\r\nHost: shop.test\r\n\r\nGET /3 HTTP/1.1\r\nHost: shop.test\r\n\r\n");
            assertThat(c.readResponse()).endsWith("GET /2\n");
            assertThat(c.readResponse()).endsWith("GET /3\n");
        }
        assertThat(apps.apps().get(0).pool().served()).isEqualTo(3);
    }

    /** The app closing its connection closes the visitor's, after the answer it was sending. */
    @ParameterizedTest
    @EnumSource(Relay.Mode.class)
    void aCloseOnOneSideClosesTheOther(Relay.Mode mode) throws Exception {
        try (Relay relay = Relay.start(mode, 0, app, 1); RawClient c = RawClient.tcp(relay.port())) {
            String all = new String(c.send("GET /last HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n")
                    .readUntilClose(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").endsWith("GET /last\n");
        }
    }
}
