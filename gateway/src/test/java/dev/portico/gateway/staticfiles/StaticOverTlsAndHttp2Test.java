package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsFront;
import dev.portico.gateway.testing.WebSocketClient;
import dev.portico.gateway.testing.WebSocketEchoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Static files where sendfile cannot be used: through TLS and on HTTP/2 streams the body is read in
 * chunks (a file region written there would fail the response). Checked with curl, a real client that
 * negotiates h2 by ALPN. Also a WebSocket through TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticOverTlsAndHttp2Test {

    private Gateway gateway;
    private TlsFront tls;
    private WebSocketEchoServer wsApp;
    private Path curl;
    private Path pub;
    private Path work;
    private byte[] big;

    @BeforeAll
    void start() throws Exception {
        curl = SystemDeps.require("curl", "curl");
        wsApp = new WebSocketEchoServer();
        work = Files.createTempDirectory("portico-static-tls-");
        pub = Files.createDirectories(work.resolve("public"));
        big = new byte[5 * 1024 * 1024 + 17];
        new Random(3).nextBytes(big);
        Files.write(pub.resolve("big.bin"), big);
        Files.writeString(pub.resolve("small.txt"), "small file\n");
        TestFolder f = new TestFolder(work.resolve("config"))
                .app("site", "domains", "site.test", "backends", wsApp.url(), "static./static/", pub.toString());
        gateway = Gateway.start(f.dir());
        tls = new TlsFront(gateway.proxy());
    }

    @AfterAll
    void stop() throws IOException {
        if (tls != null) {
            tls.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        wsApp.close();
    }

    /** Runs curl; returns its -w line ("http_version http_code size"); the body goes to {@code out}. */
    private String curl(String version, Path out, String path, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sk", version, "--resolve",
                "site.test:" + tls.port() + ":127.0.0.1", "-o", out.toString(), "-w",
                "%{http_version} %{http_code} %{size_download}"));
        cmd.addAll(List.of(extra));
        cmd.add("https://site.test:" + tls.port() + path);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void aBigFileArrivesIntactOverTlsWithHttp11() throws Exception {
        Path out = work.resolve("h1.out");
        assertThat(curl("--http1.1", out, "/static/big.bin")).isEqualTo("1.1 200 " + big.length);
        assertThat(Arrays.equals(Files.readAllBytes(out), big)).isTrue();
        // again on the same kind of connection, and a small cached one
        assertThat(curl("--http1.1", out, "/static/small.txt")).isEqualTo("1.1 200 11");
        assertThat(Files.readString(out)).isEqualTo("small file\n");
    }

    @Test
    void aBigFileArrivesIntactOnAnHttp2Stream() throws Exception {
        Path out = work.resolve("h2.out");
        assertThat(curl("--http2", out, "/static/big.bin")).isEqualTo("2 200 " + big.length);
        assertThat(Arrays.equals(Files.readAllBytes(out), big)).isTrue();
    }

    @Test
    void rangesConditionalsAndHeadOnHttp2() throws Exception {
        Path out = work.resolve("h2-range.out");
        assertThat(curl("--http2", out, "/static/big.bin", "-r", "1000-2999")).isEqualTo("2 206 2000");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(big, 1000, 3000));
        assertThat(curl("--http2", out, "/static/big.bin", "-I")).startsWith("2 200");
        assertThat(Files.readString(out).toLowerCase()).contains("content-length: " + big.length);
        String etag = Files.readString(out).lines().filter(l -> l.toLowerCase().startsWith("etag:"))
                .findFirst().orElseThrow().substring(5).trim();
        assertThat(curl("--http2", out, "/static/big.bin", "-H", "If-None-Match: " + etag)).isEqualTo("2 304 0");
        assertThat(curl("--http2", out, "/static/missing")).isEqualTo("2 404 " + Files.size(out));
    }

    @Test
    void aWebSocketWorksThroughTls() throws Exception {
        SSLSocket s = (SSLSocket) TlsFront.trustingClient().getSocketFactory().createSocket("127.0.0.1", tls.port());
        s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        javax.net.ssl.SSLParameters params = s.getSSLParameters();
        params.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(params);
        try (WebSocketClient ws = WebSocketClient.connect(s, "site.test", "/chat")) {
            assertThat(ws.status()).isEqualTo(101);
            for (int i = 0; i < 100; i++) {
                ws.sendText("over tls " + i);
                assertThat(ws.read().text()).isEqualTo("over tls " + i);
            }
        }
    }
}
