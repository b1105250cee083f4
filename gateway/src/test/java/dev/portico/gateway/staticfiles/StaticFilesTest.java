package dev.portico.gateway.staticfiles;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.RawHttp;
import dev.portico.gateway.testing.TestFolder;
import io.netty.handler.codec.DateFormatter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Static mappings answered by the gateway itself: what a browser sees (types, validators, 304, ranges,
 * HEAD, precompressed siblings, index pages, errors) and that the app never hears of any of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticFilesTest {

    private static final String CSS = "body { color: teal }\n";

    private WireMockServer app;
    private Gateway gateway;
    private int port;
    private Path pub;
    private byte[] big;
    private byte[] largeJs;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withBody("from the app")));
        Path root = Files.createTempDirectory("portico-static-");
        pub = root.resolve("public");
        Files.createDirectories(pub.resolve("css"));
        Files.createDirectories(pub.resolve("docs"));
        Files.createDirectories(pub.resolve("plain"));
        Files.writeString(pub.resolve("css/site.css"), CSS);
        big = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(big);
        Files.write(pub.resolve("big.bin"), big);
        Files.writeString(pub.resolve("app.js"), "console.log('identity');\n");
        Files.writeString(pub.resolve("app.js.gz"), "GZIP-BYTES");
        Files.writeString(pub.resolve("app.js.br"), "BROTLI-BYTES");
        largeJs = new byte[200 * 1024];
        Arrays.fill(largeJs, (byte) 'x');
        Files.write(pub.resolve("large.js"), largeJs);
        byte[] largeGz = new byte[100 * 1024];
        new Random(2).nextBytes(largeGz);
        Files.write(pub.resolve("large.js.gz"), largeGz);
        Files.writeString(pub.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.writeString(pub.resolve("plain/listed-name.txt"), "x");
        Files.write(pub.resolve("empty.txt"), new byte[0]);
        TestFolder f = new TestFolder(root.resolve("config"))
                .app("site", "domains", "site.test", "backends", app.baseUrl(), "static./static/", pub.toString(),
                        "static.cache", "1h")
                .app("indexed", "domains", "indexed.test", "backends", app.baseUrl(), "static./", pub.toString(),
                        "static.index", "true")
                .app("filesonly", "domains", "files.test", "static./", pub.toString());
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @BeforeEach
    void resetApp() {
        app.resetRequests();
    }

    private void appReceivedNothing() {
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aFileIsServedWithItsTypeValidatorsAndCachePolicyWithoutTheApp() throws IOException {
        HttpResponse<byte[]> res = Http.get(port, "site.test", "/static/css/site.css");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(Http.text(res)).isEqualTo(CSS);
        assertThat(res.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(res.headers().firstValue("Content-Length")).contains(Integer.toString(CSS.length()));
        assertThat(res.headers().firstValue("Cache-Control")).contains("public, max-age=3600");
        assertThat(res.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(res.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f-]+\""));
        Date lastModified = DateFormatter.parseHttpDate(res.headers().firstValue("Last-Modified").orElseThrow());
        long mtime = Files.getLastModifiedTime(pub.resolve("css/site.css")).toMillis() / 1000;
        assertThat(lastModified.getTime() / 1000).isEqualTo(mtime);
        assertThat(res.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(res.headers().firstValue("Vary")).isEmpty();
        appReceivedNothing();
    }

    @Test
    void theRestOfTheSiteStillGoesToTheApp() {
        HttpResponse<byte[]> res = Http.get(port, "site.test", "/static-ish/page");
        assertThat(Http.text(res)).isEqualTo("from the app");
        assertThat(Http.text(Http.get(port, "site.test", "/"))).isEqualTo("from the app");
        app.verify(1, getRequestedFor(urlEqualTo("/static-ish/page")));
        app.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void aCurrentCopyGets304ByEtagOrByDate() {
        HttpResponse<byte[]> first = Http.get(port, "site.test", "/static/css/site.css");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<byte[]> byTag = Http.get(port, "site.test", "/static/css/site.css", "If-None-Match", etag);
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.headers().firstValue("ETag")).contains(etag);
        assertThat(byTag.headers().firstValue("Cache-Control")).contains("public, max-age=3600");

        assertThat(Http.get(port, "site.test", "/static/css/site.css", "If-None-Match", "\"other\", W/" + etag)
                .statusCode()).isEqualTo(304);
        assertThat(Http.get(port, "site.test", "/static/css/site.css", "If-None-Match", "\"other\"").statusCode())
                .isEqualTo(200);
        assertThat(Http.get(port, "site.test", "/static/css/site.css", "If-Modified-Since", lastModified)
                .statusCode()).isEqualTo(304);
        assertThat(Http.get(port, "site.test", "/static/css/site.css", "If-Modified-Since",
                DateFormatter.format(new Date(0))).statusCode()).isEqualTo(200);
        // If-None-Match wins over If-Modified-Since
        assertThat(Http.get(port, "site.test", "/static/css/site.css", "If-None-Match", "\"other\"",
                "If-Modified-Since", lastModified).statusCode()).isEqualTo(200);
        appReceivedNothing();
    }

    @Test
    void aSingleRangeIs206WithExactlyThoseBytes() {
        HttpResponse<byte[]> mid = Http.get(port, "site.test", "/static/big.bin", "Range", "bytes=100-199");
        assertThat(mid.statusCode()).isEqualTo(206);
        assertThat(mid.headers().firstValue("Content-Range")).contains("bytes 100-199/" + big.length);
        assertThat(mid.body()).isEqualTo(Arrays.copyOfRange(big, 100, 200));

        HttpResponse<byte[]> tail = Http.get(port, "site.test", "/static/big.bin", "Range", "bytes=-500");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(big, big.length - 500, big.length));

        HttpResponse<byte[]> open = Http.get(port, "site.test", "/static/big.bin", "Range", "bytes=8000000-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(big, 8_000_000, big.length));

        HttpResponse<byte[]> small = Http.get(port, "site.test", "/static/css/site.css", "Range", "bytes=0-3");
        assertThat(small.statusCode()).isEqualTo(206);
        assertThat(Http.text(small)).isEqualTo("body");
        appReceivedNothing();
    }

    @Test
    void aRangeBeyondTheEndIs416AndOthersAreIgnored() {
        HttpResponse<byte[]> beyond = Http.get(port, "site.test", "/static/big.bin", "Range", "bytes=9000000-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */" + big.length);
        assertThat(beyond.headers().firstValue("X-Portico-Failure")).contains("range_not_satisfiable");

        HttpResponse<byte[]> several = Http.get(port, "site.test", "/static/css/site.css", "Range", "bytes=0-1,4-5");
        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(Http.text(several)).isEqualTo(CSS);

        HttpResponse<byte[]> otherUnit = Http.get(port, "site.test", "/static/css/site.css", "Range", "items=0-1");
        assertThat(otherUnit.statusCode()).isEqualTo(200);

        String etag = Http.get(port, "site.test", "/static/css/site.css").headers().firstValue("ETag").orElseThrow();
        assertThat(Http.get(port, "site.test", "/static/css/site.css", "Range", "bytes=0-3", "If-Range", etag)
                .statusCode()).isEqualTo(206);
        assertThat(Http.get(port, "site.test", "/static/css/site.css", "Range", "bytes=0-3", "If-Range", "\"old\"")
                .statusCode()).isEqualTo(200);
        appReceivedNothing();
    }

    @Test
    void headHasTheHeadersAndNoBody() {
        HttpResponse<byte[]> res = Http.send(port, "site.test", "HEAD", "/static/big.bin", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Length")).contains(Integer.toString(big.length));
        assertThat(res.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(res.body()).isEmpty();
        // and the connection is still in step: the next answer is the right one
        assertThat(Http.text(Http.get(port, "site.test", "/static/css/site.css"))).isEqualTo(CSS);
        appReceivedNothing();
    }

    @Test
    void bigFilesArriveIntactManyTimesOnKeptAliveConnections() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> res = Http.get(port, "site.test", "/static/big.bin");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body().length).isEqualTo(big.length);
            assertThat(Arrays.equals(res.body(), big)).isTrue();
        }
        String two = RawHttp.exchange(port, "GET /static/css/site.css HTTP/1.1\r\nHost: site.test\r\n\r\n"
                + "GET /static/app.js HTTP/1.1\r\nHost: site.test\r\n\r\n", 1500);
        assertThat(two.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        assertThat(two).contains(CSS).contains("console.log('identity');");
        appReceivedNothing();
    }

    @Test
    void precompressedSiblingsAreChosenByAcceptEncoding() {
        HttpResponse<byte[]> br = Http.get(port, "site.test", "/static/app.js", "Accept-Encoding", "gzip, deflate, br");
        assertThat(Http.text(br)).isEqualTo("BROTLI-BYTES");
        assertThat(br.headers().firstValue("Content-Encoding")).contains("br");
        assertThat(br.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(br.headers().firstValue("Vary")).contains("accept-encoding");

        HttpResponse<byte[]> gz = Http.get(port, "site.test", "/static/app.js", "Accept-Encoding", "gzip, br;q=0");
        assertThat(Http.text(gz)).isEqualTo("GZIP-BYTES");
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");

        HttpResponse<byte[]> none = Http.get(port, "site.test", "/static/app.js");
        assertThat(Http.text(none)).isEqualTo("console.log('identity');\n");
        assertThat(none.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(none.headers().firstValue("Vary")).contains("accept-encoding");
        assertThat(br.headers().firstValue("ETag")).isNotEqualTo(none.headers().firstValue("ETag"));

        HttpResponse<byte[]> identityOnly = Http.get(port, "site.test", "/static/app.js", "Accept-Encoding",
                "identity, *;q=0");
        assertThat(Http.text(identityOnly)).isEqualTo("console.log('identity');\n");

        HttpResponse<byte[]> ranged = Http.get(port, "site.test", "/static/app.js", "Accept-Encoding", "br",
                "Range", "bytes=0-6");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(Http.text(ranged)).isEqualTo("console");

        HttpResponse<byte[]> largeGz = Http.get(port, "site.test", "/static/large.js", "Accept-Encoding", "gzip");
        assertThat(largeGz.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(largeGz.body().length).isEqualTo(100 * 1024);
        HttpResponse<byte[]> large = Http.get(port, "site.test", "/static/large.js");
        assertThat(large.body()).isEqualTo(largeJs);
        appReceivedNothing();
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        HttpResponse<byte[]> post = Http.send(port, "site.test", "POST", "/static/css/site.css",
                "x=1".getBytes(StandardCharsets.UTF_8));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(post.headers().firstValue("X-Portico-Failure")).contains("method_not_allowed");
        assertThat(Http.send(port, "site.test", "DELETE", "/static/css/site.css", null).statusCode()).isEqualTo(405);
        appReceivedNothing();
    }

    @Test
    void missingFilesAndDirectoriesAre404FromTheGatewayWithNoListing() {
        HttpResponse<byte[]> missing = Http.get(port, "site.test", "/static/missing.css");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Portico-Failure")).contains("not_found");
        HttpResponse<byte[]> dir = Http.get(port, "site.test", "/static/plain/");
        assertThat(dir.statusCode()).isEqualTo(404);
        assertThat(Http.text(dir)).doesNotContain("listed-name");
        assertThat(Http.get(port, "site.test", "/static/docs/").statusCode()).isEqualTo(404); // static.index is off
        assertThat(Http.get(port, "site.test", "/static/").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> json = Http.get(port, "site.test", "/static/missing.css", "Accept", "application/json");
        assertThat(Http.text(json)).contains("\"failure\":\"not_found\"");
        appReceivedNothing();
    }

    @Test
    void indexPagesOnlyWhereEnabledAndADirectoryWithoutSlashIsRedirected() {
        HttpResponse<byte[]> index = Http.get(port, "indexed.test", "/docs/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(Http.text(index)).isEqualTo("<h1>docs</h1>");
        assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        HttpResponse<byte[]> bare = Http.get(port, "indexed.test", "/docs?x=1");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).contains("/docs/?x=1");
        assertThat(Http.get(port, "indexed.test", "/plain/").statusCode()).isEqualTo(404); // no index.html
        assertThat(Http.get(port, "indexed.test", "/").statusCode()).isEqualTo(404);
        appReceivedNothing();
    }

    @Test
    void anAppWithOnlyStaticFilesNeedsNoBackend() {
        assertThat(Http.text(Http.get(port, "files.test", "/css/site.css"))).isEqualTo(CSS);
        HttpResponse<byte[]> empty = Http.get(port, "files.test", "/empty.txt");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.headers().firstValue("Content-Length")).contains("0");
        assertThat(Http.get(port, "files.test", "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void aChangedAddedOrRemovedFileIsSeenWithinASecondOrTwo() throws IOException {
        Path file = pub.resolve("changing.txt");
        Files.writeString(file, "first");
        assertThat(Http.text(Http.get(port, "site.test", "/static/changing.txt"))).isEqualTo("first");
        Files.writeString(file, "second version");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.text(Http.get(port, "site.test", "/static/changing.txt")).equals("second version"));
        Files.delete(file);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.get(port, "site.test", "/static/changing.txt").statusCode() == 404);
        Path added = pub.resolve("added.txt");
        assertThat(Http.get(port, "site.test", "/static/added.txt").statusCode()).isEqualTo(404);
        Files.writeString(added, "new");
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.get(port, "site.test", "/static/added.txt").statusCode() == 200);
        appReceivedNothing();
    }

    @Test
    void aLargeFileReplacedBetweenLookupAndOpenIsServedFromItsNewVersion() throws IOException {
        Path file = pub.resolve("replaced.bin");
        byte[] v1 = new byte[300 * 1024];
        Arrays.fill(v1, (byte) 1);
        Files.write(file, v1);
        assertThat(Http.get(port, "site.test", "/static/replaced.bin").body()).isEqualTo(v1);
        byte[] v2 = new byte[500 * 1024];
        Arrays.fill(v2, (byte) 2);
        Files.write(file, v2); // the cached lookup still says 300 KiB for up to a second
        HttpResponse<byte[]> res = Http.get(port, "site.test", "/static/replaced.bin");
        assertThat(res.body()).isEqualTo(v2);
        assertThat(res.headers().firstValue("Content-Length")).contains(Integer.toString(v2.length));
    }
}
