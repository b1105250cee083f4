package dev.portico.gateway.upstream.uwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's Python app, run the way the demo runs it: real uWSGI, reached over uwsgi. */
class WsgiDemoTest {

    /** Tests run in the gateway module; the demo app lives in the project's config folder. */
    private static final Path DEMO_APP = Path.of("..", "routing-config", "demo-apps", "wsgi_demo.py");

    @TempDir
    Path dir;

    @Test
    void demoAppAnswersItsPageThroughTheGateway() throws Exception {
        Path uwsgi = SystemDeps.require("uwsgi", "uwsgi uwsgi-plugin-python3");
        assertThat(DEMO_APP).exists();
        try (UwsgiProcess demo = UwsgiProcess.start(uwsgi, dir, DEMO_APP.toAbsolutePath().normalize(), "demo", 2, false)) {
            TestFolder folder = new TestFolder(dir.resolve("config"))
                    .app("python", "domains", "python.localhost", "backends", demo.tcpBackend(), "workers", "2");
            try (Gateway g = Gateway.start(folder.dir())) {
                HttpCall.Answer a = HttpCall.get(g.port(Gateway.HTTP), "python.localhost", "/hello?x=1<b>");
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
                assertThat(a.text()).contains("Hello from Python on uWSGI")
                        .contains("<code>python.localhost</code>")
                        .contains("<code>/hello</code>")
                        .contains("<code>x=1&lt;b&gt;</code>")
                        .contains("<code>127.0.0.1</code>");
            }
        }
        assertThat(Files.readString(dir.resolve("demo.log"))).contains("GET /hello?x=1<b>");
    }
}
