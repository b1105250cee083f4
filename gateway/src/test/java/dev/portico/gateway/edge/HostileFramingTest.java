package dev.portico.gateway.edge;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose framing a proxy could read differently from the app (request smuggling) or that are
 * simply malformed: each is sent as raw bytes and must be answered 400 (or its limit's status), with
 * the connection closed, and must never reach the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFramingTest {

    private WireMockServer app;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        TestFolder f = new TestFolder(Files.createTempDirectory("portico-framing-"))
                .gateway("max.uri", "1k").gateway("max.header", "4k")
                .app("site", "domains", "site.test", "backends", app.baseUrl(), "max.body", "100");
        gateway = Gateway.start(f.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() {
        gateway.close();
        app.stop();
    }

    @BeforeEach
    void reset() {
        app.resetAll();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    static Stream<Arguments> hostile() {
        String h = "POST /x HTTP/1.1\r\nHost: site.test\r\n";
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding",
                        h + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n"
                                + "Host: site.test\r\n\r\n", 400),
                Arguments.of("conflicting Content-Length", h + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
                Arguments.of("malformed Content-Length", h + "Content-Length: 5a\r\n\r\nhello", 400),
                Arguments.of("signed Content-Length", h + "Content-Length: +5\r\n\r\nhello", 400),
                Arguments.of("negative Content-Length", h + "Content-Length: -1\r\n\r\n", 400),
                Arguments.of("Transfer-Encoding gzip", h + "Transfer-Encoding: gzip\r\n\r\nxx", 400),
                Arguments.of("chunked not last", h + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("chunked twice", h + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n", 400),
                Arguments.of("Transfer-Encoding on HTTP/1.0",
                        "POST /x HTTP/1.0\r\nHost: site.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("obs-fold", "GET /x HTTP/1.1\r\nHost: site.test\r\nX-A: one\r\n two\r\n\r\n", 400),
                Arguments.of("obs-fold with tab", "GET /x HTTP/1.1\r\nHost: site.test\r\nX-A: one\r\n\ttwo\r\n\r\n", 400),
                Arguments.of("control character in a value", "GET /x HTTP/1.1\r\nHost: site.test\r\nX-A: a\u0001b\r\n\r\n", 400),
                Arguments.of("control character in a name", "GET /x HTTP/1.1\r\nHost: site.test\r\nX\u0007A: b\r\n\r\n", 400),
                Arguments.of("space before colon", "GET /x HTTP/1.1\r\nHost: site.test\r\nX-A : b\r\n\r\n", 400),
                Arguments.of("missing Host", "GET /x HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET /x HTTP/1.1\r\nHost: site.test\r\nHost: other.test\r\n\r\n", 400),
                Arguments.of("malformed Host", "GET /x HTTP/1.1\r\nHost: site test\r\n\r\n", 400),
                Arguments.of("Host with a path", "GET /x HTTP/1.1\r\nHost: site.test/x\r\n\r\n", 400),
                Arguments.of("request target not a path", "GET x HTTP/1.1\r\nHost: site.test\r\n\r\n", 400),
                Arguments.of("unknown major version", "GET /x HTTP/9.9\r\nHost: site.test\r\n\r\n", 505),
                Arguments.of("CONNECT on the edge", "CONNECT site.test:443 HTTP/1.1\r\nHost: site.test:443\r\n\r\n", 400),
                Arguments.of("bad chunk size", h + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("URI too long", "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: site.test\r\n\r\n", 414),
                Arguments.of("head too large", "GET /x HTTP/1.1\r\nHost: site.test\r\nCookie: " + "c".repeat(5000)
                        + "\r\n\r\n", 431),
                Arguments.of("body over max.body", h + "Content-Length: 101\r\n\r\n" + "b".repeat(101), 413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusedAndNeverForwarded(String name, String request, int status) {
        String raw = RawHttp.exchange(port, request, 3000);
        assertThat(RawHttp.status(raw)).as(raw).isEqualTo(status);
        assertThat(raw.toLowerCase()).contains("x-portico-failure: ");
        assertThat(java.util.regex.Pattern.compile("(?m)^HTTP/1\\.1 \\d{3} ").matcher(raw).results().count())
                .as("one answer, then the connection is closed: " + raw).isEqualTo(1);
        if (!name.equals("bad chunk size")) { // its head is fine and already streamed to the app when the body breaks
            assertThat(app.findAll(anyRequestedFor(anyUrl()))).as("the app received nothing").isEmpty();
        }
    }

    static Stream<Arguments> explained() {
        return Stream.of(
                Arguments.of("GET /x HTTP/1.1\r\nX-A: b\r\n\r\n", "has no Host header"),
                Arguments.of("GET /x HTTP/1.1\r\nHost: site.test\r\nHost: other.test\r\n\r\n",
                        "more than one Host header"),
                Arguments.of("GET x HTTP/1.1\r\nHost: site.test\r\n\r\n", "must be a path starting with"),
                Arguments.of("CONNECT site.test:443 HTTP/1.1\r\nHost: site.test:443\r\n\r\n",
                        "CONNECT is not served"),
                Arguments.of("GET /x HTTP/1.1\r\nHost: site test\r\n\r\n", "not a valid host name"),
                Arguments.of("POST /x HTTP/1.1\r\nHost: site.test\r\nContent-Length: 5a\r\n\r\nhello",
                        "Content-Length value is not a number"),
                Arguments.of("POST /x HTTP/1.0\r\nHost: site.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "Transfer-Encoding header is only allowed in HTTP/1.1"),
                Arguments.of("GET /x HTTP/1.1\r\nHost: site.test\r\nX-A: one\r\n two\r\n\r\n", "obs-fold"),
                Arguments.of("GET /x HTTP/1.1\r\nHost: site.test\r\nX\u0007A: b\r\n\r\n",
                        "invalid character 0x7 at index 1 of header 'X?A'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("explained")
    void theRefusalSaysWhatIsWrongWithTheHead(String request, String sentence) {
        String raw = RawHttp.exchange(port, request, 3000);
        assertThat(RawHttp.status(raw)).as(raw).isEqualTo(400);
        assertThat(raw).as(raw).contains("x-portico-failure: bad_request").contains(sentence);
        if (sentence.equals("obs-fold")) {
            return; // refused before its fields are read: the page cannot know that JSON was asked for
        }
        String json = RawHttp.exchange(port, request.replaceFirst("\r\n", "\r\nAccept: application/json\r\n"), 3000);
        assertThat(json).as(json).contains("\"bad_request\"").contains(sentence);
    }

    @Test
    void anHttp10RequestWithoutHostIsToldItNamesNoSite() {
        String raw = RawHttp.exchange(port, "GET /x HTTP/1.0\r\n\r\n", 3000);
        assertThat(RawHttp.status(raw)).as(raw).isEqualTo(404);
        assertThat(raw).contains("x-portico-failure: no_route").contains("The request names no host");
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aRequestLineWithAnotherMajorVersionGets505() {
        String raw = RawHttp.exchange(port, "GET /x HTTP/2.0\r\nHost: site.test\r\n\r\n", 3000);
        assertThat(RawHttp.status(raw)).as(raw).isEqualTo(505);
        assertThat(raw).as(raw).contains("x-portico-failure: version_not_supported").contains("This request says HTTP/2.0.");
        String preface = RawHttp.exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 3000);
        assertThat(RawHttp.status(preface)).as(preface).isEqualTo(505);
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void chunkedBodyOverMaxBodyIsRefusedAndTheAppSeesNoCompleteRequest() {
        String raw = RawHttp.exchange(port, "POST /x HTTP/1.1\r\nHost: site.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "64\r\n" + "a".repeat(100) + "\r\n" + "64\r\n" + "a".repeat(100) + "\r\n0\r\n\r\n", 3000);
        assertThat(RawHttp.status(raw)).isEqualTo(413);
        assertThat(raw.toLowerCase()).contains("x-portico-failure: body_too_large");
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aWellFormedRequestOnTheSameListenerPasses() {
        String raw = RawHttp.exchange(port, "GET /fine HTTP/1.1\r\nHost: site.test\r\nConnection: close\r\n\r\n", 3000);
        assertThat(RawHttp.status(raw)).isEqualTo(200);
        assertThat(app.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }
}
