package dev.portico.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that counts connections and what arrived on them, then misbehaves on purpose: closes at
 * once, or after reading a request head. Stands in for a broken app and proves whether the gateway
 * reached it.
 */
public final class TcpCanary implements AutoCloseable {

    /** What to do with each connection. */
    public enum Mode { CLOSE_AT_ONCE, CLOSE_AFTER_HEAD, ANSWER_200 }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger heads = new AtomicInteger();
    private volatile Mode mode;

    public TcpCanary(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 128, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "tcp-canary");
        t.setDaemon(true);
        t.start();
    }

    /** Changes how the next connections are treated (a broken app recovers, or breaks). */
    public void mode(Mode next) {
        this.mode = next;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int connections() {
        return connections.get();
    }

    /** Request heads received in full. */
    public int heads() {
        return heads.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                if (mode != Mode.CLOSE_AT_ONCE) {
                    s.setSoTimeout(2000);
                    InputStream in = s.getInputStream();
                    int state = 0;
                    int b;
                    while (state < 4 && (b = in.read()) >= 0) {
                        state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                                ? state + 1 : 0;
                    }
                    if (state == 4) {
                        heads.incrementAndGet();
                        if (mode == Mode.ANSWER_200) {
                            s.getOutputStream().write(
                                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes());
                        }
                    }
                }
            } catch (IOException e) {
                // closed: done
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
