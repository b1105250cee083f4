package dev.portico.gateway.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.WebSocketClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code auth.basic} in front of an app's proxied paths and static files, with bcrypt kept off the event loop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BasicAuthTest {

    private WireMockServer app;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withBody("from the app")));
        Path root = Files.createTempDirectory("portico-auth-");
        Path pub = Files.createDirectories(root.resolve("public"));
        Files.writeString(pub.resolve("site.css"), "protected css");
        String sha = "{sha256}" + HexFormat.of().formatHex(PasswordHash.sha256("bob-secret"));
        TestFolder f = new TestFolder(root.resolve("config"))
                .gateway("event.loops", "1") // one loop: a bcrypt check run on it would stall every visitor
                .app("locked", "domains", "locked.test", "backends", app.baseUrl(), "static./static/", pub.toString(),
                        "auth.basic", "alice:" + bcrypt("alice-secret", 10) + ", bob:" + sha + ", carol:"
                                + bcrypt("carol-secret", 12) + ", dave:" + bcrypt("dave-secret", 13),
                        "auth.realm", "Staging \"area\"")
                .app("forwarding", "domains", "forwarding.test", "backends", app.baseUrl(), "auth.basic", "bob:" + sha,
                        "auth.forward", "true")
                .app("open", "domains", "open.test", "backends", app.baseUrl());
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
        app.resetRequests();
    }

    private static String bcrypt(String password, int cost) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutCredentialsTheVisitorIsAskedForThemAndNothingReachesTheApp() {
        for (String path : new String[] {"/", "/page", "/static/site.css"}) {
            HttpResponse<byte[]> res = Http.get(port, "locked.test", path);
            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate"))
                    .contains("Basic realm=\"Staging \\\"area\\\"\", charset=\"UTF-8\"");
            assertThat(res.headers().firstValue("X-Portico-Failure")).contains("auth_required");
            assertThat(Http.text(res)).doesNotContain("protected css");
        }
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void wrongPasswordsUnknownUsersAndGarbageAreRefused() {
        String[] headers = {basic("alice", "wrong"), basic("mallory", "alice-secret"), basic("bob", "wrong"),
                "Basic !!!not-base64", "Bearer abc", basic("alice", "")};
        for (String h : headers) {
            HttpResponse<byte[]> res = Http.get(port, "locked.test", "/static/site.css", "Authorization", h);
            assertThat(res.statusCode()).as(h).isEqualTo(401);
        }
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theRightPasswordPassesAndTheAppNeverSeesIt() {
        HttpResponse<byte[]> res = Http.get(port, "locked.test", "/page", "Authorization", basic("alice", "alice-secret"));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(Http.text(res)).isEqualTo("from the app");
        app.verify(1, getRequestedFor(urlEqualTo("/page")).withoutHeader("Authorization"));

        HttpResponse<byte[]> file = Http.get(port, "locked.test", "/static/site.css", "Authorization",
                basic("bob", "bob-secret"));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(Http.text(file)).isEqualTo("protected css");
        app.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void withAuthForwardTheAppReceivesTheCredentials() {
        String h = basic("bob", "bob-secret");
        assertThat(Http.get(port, "forwarding.test", "/x", "Authorization", h).statusCode()).isEqualTo(200);
        app.verify(1, getRequestedFor(urlEqualTo("/x")).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(h)));
    }

    @Test
    void aBcryptVerdictIsRememberedSoOnlyTheFirstRequestPaysForIt() {
        String h = basic("carol", "carol-secret"); // cost 12
        long t0 = System.nanoTime();
        assertThat(Http.get(port, "locked.test", "/static/site.css", "Authorization", h).statusCode()).isEqualTo(200);
        long first = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(Http.get(port, "locked.test", "/static/site.css", "Authorization", h).statusCode()).isEqualTo(200);
        }
        long tenMore = System.nanoTime() - t1;
        assertThat(tenMore).as("10 remembered checks vs one bcrypt check").isLessThan(first);
    }

    @Test
    void aSlowBcryptCheckDoesNotHoldTheEventLoop() throws Exception {
        // dave's hash has cost 13 (a second or more); the gateway has one event loop
        CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(
                () -> Http.get(port, "locked.test", "/static/site.css", "Authorization", basic("dave", "dave-secret")));
        Thread.sleep(150);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> other = Http.get(port, "open.test", "/elsewhere");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(slow).as("the bcrypt check is still running").isNotDone();
        assertThat(ms).isLessThan(400);
        assertThat(slow.get().statusCode()).isEqualTo(200);
    }

    @Test
    void aWebSocketHandshakeNeedsCredentialsToo() throws Exception {
        try (WebSocketClient ws = WebSocketClient.connect(port, "locked.test", "/ws")) {
            assertThat(ws.status()).isEqualTo(401);
        }
        app.verify(0, anyRequestedFor(anyUrl()));
    }
}
