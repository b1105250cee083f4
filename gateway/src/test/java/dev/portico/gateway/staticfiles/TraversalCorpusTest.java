package dev.portico.gateway.staticfiles;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of reaching outside a mapped folder that we know of, sent as exact bytes: none may answer
 * the secret's bytes, every one is 404 (or 400 where the request line itself is refused), and the app
 * hears of none of them, since the mapping owns its prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraversalCorpusTest {

    private final String secret = "SECRET-" + UUID.randomUUID();
    private WireMockServer app;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withBody("from the app")));
        Path root = Files.createTempDirectory("portico-traversal-");
        Path pub = Files.createDirectories(root.resolve("public"));
        Files.createDirectories(pub.resolve("css"));
        Files.writeString(pub.resolve("css/site.css"), "ok");
        Files.writeString(root.resolve("secret.txt"), secret);
        Path sibling = Files.createDirectories(root.resolve("public-secret"));
        Files.writeString(sibling.resolve("secret.txt"), secret);
        Files.createSymbolicLink(pub.resolve("link.txt"), root.resolve("secret.txt"));
        Files.createSymbolicLink(pub.resolve("uplink"), root);
        Files.createSymbolicLink(pub.resolve("sibling"), sibling);
        Files.createSymbolicLink(pub.resolve("relative-link.txt"), Path.of("../secret.txt"));
        Files.createSymbolicLink(pub.resolve("etc"), Path.of("/etc"));
        TestFolder f = new TestFolder(root.resolve("config"))
                .app("site", "domains", "site.test", "backends", app.baseUrl(), "static./static/", pub.toString(),
                        "static.index", "true");
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    static List<String> corpus() {
        return List.of(
                "/static/../secret.txt",
                "/static/css/../../secret.txt",
                "/static/./../secret.txt",
                "/static//../secret.txt",
                "/static/%2e%2e/secret.txt",
                "/static/%2E%2E/secret.txt",
                "/static/.%2e/secret.txt",
                "/static/%2e./secret.txt",
                "/static/..%2fsecret.txt",
                "/static/%2e%2e%2fsecret.txt",
                "/static/%2f..%2fsecret.txt",
                "/static/css%2f..%2f..%2fsecret.txt",
                "/static/..%5csecret.txt",
                "/static/%5c..%5csecret.txt",
                "/static/..\\secret.txt",
                "/static/%252e%252e/secret.txt",
                "/static/%252e%252e%252fsecret.txt",
                "/static/%25%32%65%25%32%65/secret.txt",
                "/static/%c0%ae%c0%ae/secret.txt",
                "/static/%c0%ae%c0%ae%c0%afsecret.txt",
                "/static/%e0%80%ae%e0%80%ae/secret.txt",
                "/static/%c0%2e%c0%2e/secret.txt",
                "/static/%f0%80%80%ae%f0%80%80%ae/secret.txt",
                "/static/%u002e%u002e/secret.txt",
                "/static/..;/secret.txt",
                "/static/....//secret.txt",
                "/static/link.txt",
                "/static/relative-link.txt",
                "/static/uplink/secret.txt",
                "/static/uplink/",
                "/static/sibling/secret.txt",
                "/static/etc/passwd",
                "/static/etc/hostname",
                "/static/css/site.css%00.txt",
                "/static/css/site.css%00",
                "/static/%00/../secret.txt",
                "/static/secret.txt",
                "/static/%2fetc%2fpasswd",
                "/static//etc/passwd",
                "/static/..%00/secret.txt",
                "/static/%ff%fe/secret.txt",
                "http://site.test/static/../secret.txt",
                "http://site.test/static/%2e%2e/secret.txt");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void neverTheSecret(String target) {
        app.resetRequests();
        String raw = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: site.test\r\nConnection: close\r\n\r\n",
                5000);
        assertThat(raw).doesNotContain(secret);
        int status = RawHttp.status(raw);
        assertThat(status).as(target + " answered:\n" + raw).isIn(400, 404);
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void neverTheSecretEvenAsHead(String target) {
        String raw = RawHttp.exchange(port, "HEAD " + target + " HTTP/1.1\r\nHost: site.test\r\nConnection: close\r\n\r\n",
                5000);
        assertThat(RawHttp.status(raw)).as(target).isIn(400, 404);
    }
}
