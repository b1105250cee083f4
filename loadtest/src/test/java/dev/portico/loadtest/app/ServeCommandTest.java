package dev.portico.loadtest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.loadtest.peer.Java;
import dev.portico.loadtest.peer.Service;
import dev.portico.loadtest.testing.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The contract {@code ./portico demo} relies on, run as that command runs it: a separate process. */
@Timeout(60)
class ServeCommandTest {

    @Test
    void specFileAppsAnnounceThemselvesServeAndStopOnSigterm(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("blog.sock");
        Path spec = dir.resolve("demo.spec");
        Files.writeString(spec, "# the demo's apps\nhttp://127.0.0.1:0 workers=2 service=fixed:5ms name=shop\n"
                + "uwsgi+unix://" + sock + " workers=3 service=exp:10ms name=blog\n");
        try (Service s = Service.start("serve", Java.self(List.of(), "dev.portico.loadtest.Main",
                List.of("serve", "--spec", spec.toString())), dir, dir.resolve("serve.log"))) {
            List<String> lines = s.awaitLog(l -> l.stream().filter(x -> x.startsWith("serving")).count() == 2, 30_000)
                    .stream().filter(x -> x.startsWith("serving")).toList();
            assertThat(lines.get(0)).matches("serving http://127\\.0\\.0\\.1:\\d+ \\(shop, 2 workers, fixed:5ms\\)");
            assertThat(lines.get(1)).isEqualTo("serving uwsgi+unix://" + sock + " (blog, 3 workers, exp:10ms)");
            int port = Integer.parseInt(lines.get(0).replaceAll(".*:(\\d+) \\(.*", "$1"));
            try (RawClient c = RawClient.tcp(port)) {
                assertThat(c.send("GET / HTTP/1.1\r\nHost: shop.test\r\n\r\n").readResponse())
                        .endsWith("hello from shop (worker 1 of 2) GET /\n");
            }
            assertThat(Files.exists(sock)).isTrue();
            s.process().destroy(); // SIGTERM
            assertThat(s.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(sock)).as("the socket file is removed on the way out").isFalse();
        }
    }

    @Test
    void oneAppFromFlags(@TempDir Path dir) throws Exception {
        try (Service s = Service.start("serve", Java.self(List.of(), "dev.portico.loadtest.Main",
                List.of("serve", "http://127.0.0.1:0", "--workers", "3", "--service", "bimodal:1ms,2s,0.01",
                        "--name", "wiki")), dir, dir.resolve("serve.log"))) {
            String line = s.awaitLog(l -> l.stream().anyMatch(x -> x.startsWith("serving")), 30_000).stream()
                    .filter(x -> x.startsWith("serving")).findFirst().orElseThrow();
            assertThat(line).matches("serving http://127\\.0\\.0\\.1:\\d+ \\(wiki, 3 workers, bimodal:1ms,2s,0\\.01\\)");
        }
    }

    @Test
    void aBadSpecExitsWithTheLineToFix(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.spec");
        Files.writeString(spec, "http://127.0.0.1:0 workers=two service=fixed:5ms name=shop\n");
        Process p = new ProcessBuilder(Java.self(List.of(), "dev.portico.loadtest.Main",
                List.of("serve", "--spec", spec.toString()))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("bad.spec:1: 'workers=two' (expected a whole number)");
    }
}
