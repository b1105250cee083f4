package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.HeadlessBrowser;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.NettyWebSocketApp;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.WebSocketEchoServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo's static folder ({@code routing-config/demo-static}) served through the gateway, and its
 * WebSocket page run in a real browser (headless Chromium) against a WebSocket echo app behind the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPagesTest {

    private static final Path DEMO = Path.of("..", "routing-config", "demo-static").toAbsolutePath().normalize();

    private WebSocketEchoServer app;
    private NettyWebSocketApp nettyApp;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new WebSocketEchoServer();
        nettyApp = new NettyWebSocketApp();
        TestFolder f = new TestFolder(Files.createTempDirectory("portico-demo-pages-"))
                .app("demo", "domains", "demo.localhost", "backends", app.url(), "static./static/", DEMO.toString(),
                        "static.cache", "1h")
                .app("netty", "domains", "netty.localhost", "backends", nettyApp.url(), "static./static/",
                        DEMO.toString());
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        app.close();
        nettyApp.close();
    }

    @Test
    void theDemoFolderIsServedWithItsPrecompressedStylesheet() throws Exception {
        for (String page : List.of("index.html", "ws.html", "ws.js", "style.css")) {
            HttpResponse<byte[]> res = Http.get(port, "demo.localhost", "/static/" + page);
            assertThat(res.statusCode()).as(page).isEqualTo(200);
            assertThat(res.body()).isEqualTo(Files.readAllBytes(DEMO.resolve(page)));
        }
        HttpResponse<byte[]> gz = Http.get(port, "demo.localhost", "/static/style.css", "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))
                .readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(DEMO.resolve("style.css")));
        assertThat(app.heads()).noneSatisfy(h -> assertThat(h).startsWith("GET /static/"));
    }

    @Test
    void theWebSocketPageTalksToTheAppThroughTheGatewayInABrowser() throws Exception {
        pageEchoes("demo.localhost");
        assertThat(app.heads()).anySatisfy(h -> assertThat(h).startsWith("GET /ws HTTP/1.1"));
    }

    @Test
    void theSamePageWorksWithAnAppBuiltOnNettysWebSocketServer() throws Exception {
        pageEchoes("netty.localhost");
    }

    private void pageEchoes(String host) throws Exception {
        try (HeadlessBrowser browser = HeadlessBrowser.open("http://" + host + ":" + port + "/static/ws.html")) {
            String state = "document.getElementById('state').textContent + ' | ' + "
                    + "document.getElementById('log').textContent";
            assertThat(browser.waitFor(state, "echo: first message", Duration.ofSeconds(20)))
                    .startsWith("open").contains("echo: first message");
            browser.eval("document.getElementById('text').value = 'typed by a visitor';"
                    + "document.querySelector('#send button').click(); 'sent'");
            assertThat(browser.waitFor(state, "echo: typed by a visitor", Duration.ofSeconds(10)))
                    .contains("sent: typed by a visitor").contains("echo: typed by a visitor");
        }
    }
}
