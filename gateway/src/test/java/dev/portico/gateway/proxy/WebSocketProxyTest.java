package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.WebSocketClient;
import dev.portico.gateway.testing.WebSocketEchoServer;
import dev.portico.gateway.testing.WebSocketFrames;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** WebSockets through the gateway to a real (tiny) WebSocket app: handshake, echo, size, idle, cap, reload. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketProxyTest {

    private WebSocketEchoServer app;
    private EchoBackend plain;
    private TestFolder folder;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new WebSocketEchoServer();
        plain = new EchoBackend();
        folder = new TestFolder(Files.createTempDirectory("portico-ws-"))
                .app("ws", "domains", "ws.test", "backends", app.url(), "workers", "1", "websocket.idle", "3s",
                        "websocket.max", "50")
                .app("capped", "domains", "capped.test", "backends", app.url(), "websocket.max", "2")
                .app("plain", "domains", "plain.test", "backends", plain.url(), "workers", "1",
                        "websocket.max", "5");
        gateway = Gateway.start(folder.dir());
        port = gateway.port(Gateway.HTTP);
    }

    @AfterAll
    void stop() throws IOException {
        gateway.close();
        app.close();
        plain.close();
    }

    @Test
    void handshakeReachesTheAppWithItsUpgradeHeadersAnd1000MessagesComeBackInOrder() throws IOException {
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/chat?room=1")) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.acceptValid()).isTrue();
            assertThat(ws.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(ws.header("Connection")).isEqualToIgnoringCase("upgrade");
            String head = app.heads().get(app.heads().size() - 1);
            assertThat(head).startsWith("GET /chat?room=1 HTTP/1.1");
            assertThat(head.toLowerCase()).contains("upgrade: websocket").contains("connection: upgrade")
                    .contains("sec-websocket-key:").contains("sec-websocket-version: 13").contains("x-forwarded-for:");
            for (int i = 0; i < 1000; i++) {
                ws.sendText("message " + i);
            }
            for (int i = 0; i < 1000; i++) {
                WebSocketFrames.Frame f = ws.read();
                assertThat(f.opcode()).isEqualTo(WebSocketFrames.TEXT);
                assertThat(f.text()).isEqualTo("message " + i);
            }
        }
    }

    @Test
    void largeFramesPassIntactBothWays() throws IOException {
        Random r = new Random(7);
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/big")) {
            assertThat(ws.status()).isEqualTo(101);
            for (int size : new int[] {125, 126, 65535, 65536, 1 << 20, 16 << 20}) {
                byte[] payload = new byte[size];
                r.nextBytes(payload);
                Thread writer = new Thread(() -> {
                    try {
                        ws.send(WebSocketFrames.BINARY, payload); // written while the echo is read below
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                WebSocketFrames.Frame f = ws.read();
                assertThat(f.opcode()).isEqualTo(WebSocketFrames.BINARY);
                assertThat(f.payload().length).isEqualTo(size);
                assertThat(Arrays.equals(f.payload(), payload)).as("%d bytes echoed intact", size).isTrue();
            }
        }
    }

    @Test
    void bytesTheAppSendsWithIts101ReachTheVisitor() throws IOException {
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/greet")) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.read().text()).isEqualTo("hello");
            ws.sendText("after greeting");
            assertThat(ws.read().text()).isEqualTo("after greeting");
        }
    }

    @Test
    void aSocketQuietForLessThanItsIdleTimeoutSurvivesAndOneQuietLongerIsClosed() throws Exception {
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/idle")) {
            assertThat(ws.status()).isEqualTo(101);
            Thread.sleep(2000);
            ws.sendText("still here");
            assertThat(ws.read().text()).isEqualTo("still here");
            Thread.sleep(2000); // 4 s in all, but never 3 s without traffic
            ws.sendText("and here");
            assertThat(ws.read().text()).isEqualTo("and here");
            long quietSince = System.nanoTime();
            assertThatThrownBy(ws::read).isInstanceOfAny(EOFException.class, SocketException.class);
            long closedAfter = (System.nanoTime() - quietSince) / 1_000_000;
            assertThat(closedAfter).isBetween(2800L, 6000L);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.proxy().openWebSockets("ws") == 0);
    }

    @Test
    void theCapRefusesOneMoreWith503AndAClosedSocketFreesItsPlace() throws IOException {
        List<WebSocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                WebSocketClient ws = WebSocketClient.connect(port, "capped.test", "/c" + i);
                assertThat(ws.status()).isEqualTo(101);
                open.add(ws);
            }
            assertThat(metricsText()).contains("portico_app_websockets{app=\"capped\"} 2.0");
            try (WebSocketClient third = WebSocketClient.connect(port, "capped.test", "/c3")) {
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.header("X-Portico-Failure")).isEqualTo("websocket_limit");
                assertThat(third.header("Retry-After")).isNotNull();
            }
            assertThat(metricsText()).contains("portico_rejections_total{app=\"capped\",reason=\"websocket_limit\"} 1.0");
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.proxy().openWebSockets("capped") == 1);
            try (WebSocketClient again = WebSocketClient.connect(port, "capped.test", "/c4")) {
                assertThat(again.status()).isEqualTo(101);
                again.sendText("in");
                assertThat(again.read().text()).isEqualTo("in");
            }
        } finally {
            for (WebSocketClient ws : open) {
                ws.close();
            }
        }
    }

    private String metricsText() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        gateway.metrics().write(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anOpenSocketHoldsNoWorkerPermit() throws IOException {
        // "ws" has workers = 1: two sockets and a plain request all get through at once
        try (WebSocketClient a = WebSocketClient.connect(port, "ws.test", "/a");
             WebSocketClient b = WebSocketClient.connect(port, "ws.test", "/b")) {
            assertThat(a.status()).isEqualTo(101);
            assertThat(b.status()).isEqualTo(101);
            a.sendText("a");
            b.sendText("b");
            assertThat(a.read().text()).isEqualTo("a");
            assertThat(b.read().text()).isEqualTo("b");
            assertThat(gateway.apps().app("ws").state().limiter().inFlight()).isZero();
        }
    }

    @Test
    void anAppThatRefusesTheUpgradeIsAnsweredAsUsualAndFreesTheSlot() throws IOException {
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/refuse")) {
            assertThat(ws.status()).isEqualTo(403);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.proxy().openWebSockets("ws") == 0);
    }

    @Test
    void anAppThatDoesNotSpeakWebSocketAnswersNormallyOnAConnectionThatStaysUsable() throws IOException {
        try (WebSocketClient ws = WebSocketClient.connect(port, "plain.test", "/echo")) {
            assertThat(ws.status()).isEqualTo(200); // the JDK server ignores the Upgrade and answers
        }
        assertThat(Http.get(port, "plain.test", "/after").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.proxy().openWebSockets("plain") == 0);
    }

    @Test
    void aReloadDoesNotCutOpenSockets() throws Exception {
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/reload")) {
            assertThat(ws.status()).isEqualTo(101);
            ws.sendText("before");
            assertThat(ws.read().text()).isEqualTo("before");
            folder.app("ws", "domains", "ws.test", "backends", app.url(), "workers", "2", "websocket.idle", "3s",
                    "websocket.max", "40");
            gateway.reload();
            assertThat(gateway.apps().app("ws").config().limits().workers()).isEqualTo(2);
            ws.sendText("after");
            assertThat(ws.read().text()).isEqualTo("after");
        } finally {
            folder.app("ws", "domains", "ws.test", "backends", app.url(), "workers", "1", "websocket.idle", "3s",
                    "websocket.max", "50");
            gateway.reload();
        }
    }

    @Test
    void whenTheAppClosesTheVisitorsConnectionCloses() throws IOException {
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/close")) {
            ws.send(WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xe8});
            assertThat(ws.read().opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThatThrownBy(ws::read).isInstanceOfAny(EOFException.class, SocketException.class);
        }
    }

    @Test
    void aVisitorThatStopsReadingStopsTheGatewayFromReadingTheApp() throws Exception {
        // The app echoes everything; the visitor writes and never reads. With backpressure both ways the
        // visitor's writes must stall once the socket buffers on the way are full, instead of the gateway
        // holding the stream in memory.
        try (WebSocketClient ws = WebSocketClient.connect(port, "ws.test", "/pressure")) {
            assertThat(ws.status()).isEqualTo(101);
            ws.socket().setReceiveBufferSize(64 * 1024);
            AtomicLong written = new AtomicLong();
            byte[] chunk = new byte[64 * 1024];
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 4096; i++) { // 256 MiB if nothing stopped it
                        ws.send(WebSocketFrames.BINARY, chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            long before;
            long after = 0;
            do {
                before = after;
                Thread.sleep(1000);
                after = written.get();
            } while (after != before);
            assertThat(writer.isAlive()).isTrue();
            assertThat(after).as("bytes accepted before the writer stalled").isLessThan(96L << 20);
        }
    }
}
