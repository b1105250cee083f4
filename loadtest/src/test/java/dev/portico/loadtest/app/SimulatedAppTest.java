package dev.portico.loadtest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.loadtest.testing.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SimulatedAppTest {

    @TempDir
    Path dir;
    private SimulatedApps apps;

    @AfterEach
    void stop() {
        if (apps != null) {
            apps.close();
        }
    }

    private SimulatedApp start(String line) throws Exception {
        apps = SimulatedApps.start(List.of(AppSpec.parse(line)), 2);
        return apps.apps().get(0);
    }

    @Test
    void httpKeepAliveAnswersEachRequestNamingAppAndWorker() throws Exception {
        SimulatedApp app = start("http://127.0.0.1:0 workers=2 service=fixed:1ms name=shop");
        assertThat(app.servingLine()).isEqualTo("serving " + app.uri() + " (shop, 2 workers, fixed:1ms)");
        try (RawClient c = RawClient.tcp(app.uri().port())) {
            String first = c.send("GET / HTTP/1.1\r\nHost: shop.test\r\n\r\n").readResponse();
            String second = c.send("GET /a/b?c=d HTTP/1.1\r\nHost: shop.test\r\n\r\n").readResponse();
            assertThat(first).startsWith("HTTP/1.1 200 OK\r\n")
                    .endsWith("\r\n\r\nhello from shop (worker 1 of 2) GET /\n");
            assertThat(second).endsWith("hello from shop (worker 1 of 2) GET /a/b?c=d\n");
        }
        assertThat(app.pool().served()).isEqualTo(2);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        SimulatedApp app = start("http://127.0.0.1:0 workers=4 service=exp:2ms name=shop");
        try (RawClient c = RawClient.tcp(app.uri().port())) {
            c.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.readResponse()).endsWith("GET /1\n");
            assertThat(c.readResponse()).endsWith("GET /2\n");
            assertThat(c.readResponse()).endsWith("GET /3\n");
        }
    }

    @Test
    void httpOverAUnixSocket() throws Exception {
        Path sock = dir.resolve("app.sock");
        SimulatedApp app = start("http+unix://" + sock + " workers=1 service=fixed:0 name=wiki");
        assertThat(app.uri().toString()).isEqualTo("http+unix://" + sock);
        try (RawClient c = RawClient.unix(sock)) {
            assertThat(c.send("GET /x HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n").readResponse())
                    .contains("connection: close").endsWith("hello from wiki (worker 1 of 1) GET /x\n");
        }
    }

    @Test
    void uwsgiOverTcpAndUnixAnswersRawHttpThenCloses() throws Exception {
        Path sock = dir.resolve("u.sock");
        apps = SimulatedApps.start(List.of(AppSpec.parse("uwsgi://127.0.0.1:0 workers=2 service=fixed:0 name=blog"),
                AppSpec.parse("uwsgi+unix://" + sock + " workers=2 service=fixed:0 name=api")), 1);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "POST");
        vars.put("REQUEST_URI", "/post?id=3");
        vars.put("HTTP_HOST", "blog.test");
        vars.put("CONTENT_LENGTH", "4");
        ByteBuf packet = UwsgiPacket.encode(UnpooledByteBufAllocator.DEFAULT, vars).writeBytes("body".getBytes());
        byte[] bytes = ByteBufUtil.getBytes(packet);
        packet.release();
        try (RawClient tcp = RawClient.tcp(apps.app("blog").uri().port()); RawClient unix = RawClient.unix(sock)) {
            String viaTcp = new String(tcp.send(bytes).readUntilClose(), StandardCharsets.UTF_8);
            String viaUnix = new String(unix.send(bytes).readUntilClose(), StandardCharsets.UTF_8);
            assertThat(viaTcp).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n")
                    .endsWith("\r\n\r\nhello from blog (worker 1 of 2) POST /post?id=3\n");
            assertThat(viaUnix).endsWith("hello from api (worker 1 of 2) POST /post?id=3\n");
        }
    }

    @Test
    void malformedUwsgiGetsA400() throws Exception {
        SimulatedApp app = start("uwsgi://127.0.0.1:0 workers=1 service=fixed:0 name=blog");
        try (RawClient c = RawClient.tcp(app.uri().port())) {
            String answer = new String(c.send(new byte[] {7, 0, 0, 0}).readUntilClose(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("modifier1 7");
        }
        assertThat(app.pool().served()).isZero();
    }

    @Test
    void neverMoreRequestsAtOnceThanWorkers() throws Exception {
        SimulatedApp app = start("http://127.0.0.1:0 workers=2 service=fixed:200ms name=slow");
        ExecutorService clients = Executors.newFixedThreadPool(6);
        long t0 = System.nanoTime();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(clients.submit(() -> {
                try (RawClient c = RawClient.tcp(app.uri().port())) {
                    return c.send("GET / HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
                }
            }));
        }
        for (Future<String> f : answers) {
            assertThat(f.get()).startsWith("HTTP/1.1 200");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        clients.shutdown();
        // 6 requests, 2 at a time, 200 ms each: three rounds
        assertThat(ms).isBetween(580L, 3000L);
        assertThat(app.pool().maxBusy()).isEqualTo(2);
        assertThat(app.pool().served()).isEqualTo(6);
    }

    @Test
    void aFullListenQueueResetsTheConnection() throws Exception {
        SimulatedApp app = start("http://127.0.0.1:0 workers=1 service=fixed:300ms name=busy listen=1");
        try (RawClient a = RawClient.tcp(app.uri().port()); RawClient b = RawClient.tcp(app.uri().port());
             RawClient c = RawClient.tcp(app.uri().port())) {
            a.send("GET /a HTTP/1.1\r\nHost: s\r\n\r\n");
            Thread.sleep(50);
            b.send("GET /b HTTP/1.1\r\nHost: s\r\n\r\n");
            Thread.sleep(50);
            byte[] refused = c.send("GET /c HTTP/1.1\r\nHost: s\r\n\r\n").readUntilClose();
            assertThat(refused).isEmpty();
            assertThat(a.readResponse()).endsWith("GET /a\n");
            assertThat(b.readResponse()).endsWith("GET /b\n");
        }
        assertThat(app.pool().refused()).isEqualTo(1);
    }

    @Test
    void bulkBodiesHaveExactlyTheAskedSize() throws Exception {
        SimulatedApp app = start("http://127.0.0.1:0 workers=1 service=fixed:0 name=bulk");
        try (RawClient c = RawClient.tcp(app.uri().port())) {
            String r = c.send("GET /bytes/200000 HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
            assertThat(r).contains("content-length: 200000");
            assertThat(r.substring(r.indexOf("\r\n\r\n") + 4)).hasSize(200_000).startsWith("0123456789abcdef0123");
        }
    }

    @Test
    void webSocketEchoAtWs() throws Exception {
        SimulatedApp app = start("http://127.0.0.1:0 workers=1 service=fixed:0 name=chat");
        try (RawClient c = RawClient.tcp(app.uri().port())) {
            String handshake = c.send("GET /ws HTTP/1.1\r\nHost: chat\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").readResponse();
            assertThat(handshake).startsWith("HTTP/1.1 101")
                    .contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455's own example key and accept
            byte[] mask = {1, 2, 3, 4};
            byte[] text = "hi there".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[2 + 4 + text.length];
            frame[0] = (byte) 0x81; // FIN + text
            frame[1] = (byte) (0x80 | text.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < text.length; i++) {
                frame[6 + i] = (byte) (text[i] ^ mask[i % 4]);
            }
            c.send(frame);
            byte[] echo = c.take(2 + text.length);
            assertThat(echo[0]).isEqualTo((byte) 0x81);
            assertThat(echo[1]).isEqualTo((byte) text.length); // unmasked from the server
            assertThat(new String(echo, 2, text.length, StandardCharsets.UTF_8)).isEqualTo("hi there");
        }
        assertThat(app.pool().served()).as("the echo holds no worker").isZero();
    }
}
