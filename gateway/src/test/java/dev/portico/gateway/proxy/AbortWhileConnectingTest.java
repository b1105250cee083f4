package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.TestFolder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A visitor who leaves while the gateway is still connecting to the app: the connection, once made,
 * carried nothing of that exchange and serves the next request instead of being thrown away.
 *
 * <p>The connect is made slow for real: the app's listen backlog is full, so the kernel drops the
 * gateway's SYN and the gateway's TCP sends it again about a second later, by which time the test has
 * made room.
 */
class AbortWhileConnectingTest {

    @Test
    void theConnectionMadeForAVisitorWhoLeftServesTheNextRequest() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket app = new ServerSocket(0, 1, loopback)) {
            InetSocketAddress appAddress = new InetSocketAddress(loopback, app.getLocalPort());
            List<Socket> fillers = fillAcceptQueue(appAddress);
            Gateway gateway = Gateway.start(new TestFolder(Files.createTempDirectory("portico-abort-"))
                    .gateway("event.loops", "1") // one pool: the next visitor lands where the connection was kept
                    .app("slow", "domains", "slow.test", "backends", "http://127.0.0.1:" + app.getLocalPort(),
                            "timeout.connect", "10s")
                    .dir());
            try {
                int port = gateway.port(Gateway.HTTP);
                try (Socket visitor = new Socket(loopback, port)) {
                    visitor.getOutputStream().write("GET /first HTTP/1.1\r\nHost: slow.test\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(300); // the gateway's SYN is dropped: its connect is pending
                }
                Thread.sleep(300); // the visitor's close ends the exchange
                for (Socket filler : fillers) {
                    app.accept().close(); // room in the queue: the SYN sent again gets in
                    filler.close();
                }
                app.setSoTimeout(10_000);
                try (Socket kept = app.accept()) {
                    kept.setSoTimeout(1_000);
                    // the old code closed it as soon as it was made: the read would end at once with -1
                    assertThatThrownBy(() -> kept.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

                    CompletableFuture<HttpResponse<byte[]>> second =
                            CompletableFuture.supplyAsync(() -> Http.get(port, "slow.test", "/second"));
                    kept.setSoTimeout(10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(kept.getInputStream(),
                            StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).isEqualTo("GET /second HTTP/1.1");
                    while (!in.readLine().isEmpty()) {
                        // the rest of the head
                    }
                    OutputStream out = kept.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    HttpResponse<byte[]> res = second.get(10, TimeUnit.SECONDS);
                    assertThat(res.statusCode()).isEqualTo(200);
                    assertThat(Http.text(res)).isEqualTo("ok");
                }
            } finally {
                gateway.close();
            }
        }
    }

    /** Connections the app never accepts, until one more would not get through: its SYNs are dropped. */
    private static List<Socket> fillAcceptQueue(InetSocketAddress app) throws Exception {
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(app, 300);
                fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return fillers;
            }
        }
        throw new AssertionError("the app's accept queue never filled: " + fillers.size() + " connections got in");
    }
}
