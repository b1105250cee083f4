package dev.portico.gateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.GatewayProcess;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running gateway writes each app's logs; a log folder inside the config folder does not cause reloads. */
class GatewayLogsTest {

    @TempDir
    Path dir;

    @Test
    void eachAppGetsItsAccessAndErrorLog() throws Exception {
        int deadPort = GatewayProcess.freePort(); // nothing listens there: connections are refused
        try (SimpleBackend backend = new SimpleBackend("site", 0)) {
            new TestFolder(dir).gateway("logs.dir", "logs")
                    .app("site", "domains", "site.test", "backends", backend.url())
                    .app("down", "domains", "down.test", "backends", "http://127.0.0.1:" + deadPort);
            Gateway gateway = Gateway.start(dir);
            try {
                int port = gateway.port(Gateway.HTTP);
                for (int i = 0; i < 3; i++) {
                    assertThat(PlainClient.once(port, "site.test", "/hello", 5000).status()).isEqualTo(200);
                }
                PlainClient.Response down = PlainClient.once(port, "down.test", "/", 5000);
                assertThat(down.status()).isEqualTo(502);
                Thread.sleep(300);
                gateway.appLogs().sync();
                Path logs = dir.resolve("logs");
                assertThat(Files.readString(logs.resolve("site.access.log")).lines())
                        .hasSize(3).allMatch(l -> l.contains("\"GET /hello HTTP/1.1\" 200 5 ") && l.endsWith(" f=-"));
                assertThat(logs.resolve("site.error.log")).doesNotExist();
                assertThat(Files.readString(logs.resolve("down.access.log"))).contains("\" 502 ", "f=upstream_connect");
                assertThat(Files.readString(logs.resolve("down.error.log")))
                        .contains("upstream http://127.0.0.1:" + deadPort + " refused the connection");
                assertThat(gateway.config().apps()).hasSize(2);
                double reloads = gateway.metrics().registry().scrape().stream()
                        .filter(m -> m.getMetadata().getPrometheusName().equals("portico_config_reloads"))
                        .flatMap(m -> m.getDataPoints().stream())
                        .mapToDouble(d -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot
                                .CounterDataPointSnapshot) d).getValue()).sum();
                assertThat(reloads).as("reloads caused by writing logs inside the config folder").isZero();
            } finally {
                gateway.close();
            }
        }
    }
}
