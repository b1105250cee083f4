package dev.portico.gateway.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny WebSocket app for tests: answers the RFC 6455 handshake and echoes every text and binary frame,
 * answers pings, returns a close. {@code /greet} sends a frame in the same write as its 101;
 * {@code /refuse} answers 403 instead of upgrading. Records every request head it received.
 */
public final class WebSocketEchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    public WebSocketEchoServer() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "ws-echo-accept");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Request heads received, in order. */
    public List<String> heads() {
        return heads;
    }

    /** Connections with an upgraded WebSocket that have not ended yet. */
    public int open() {
        return open.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "ws-echo");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            String head = WebSocketFrames.readHead(in);
            heads.add(head);
            String key = header(head, "sec-websocket-key");
            if (key == null || head.startsWith("GET /refuse")) {
                out.write(("HTTP/1.1 403 Forbidden\r\nContent-Length: 7\r\nConnection: close\r\n\r\nrefused")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WebSocketFrames.accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (head.startsWith("GET /greet")) {
                WebSocketFrames.write(out, WebSocketFrames.TEXT, "hello".getBytes(StandardCharsets.UTF_8), false);
            }
            out.flush();
            open.incrementAndGet();
            try {
                echo(in, out);
            } finally {
                open.decrementAndGet();
            }
        } catch (IOException e) {
            // the peer went away: that ends this connection, as it should
        }
    }

    private static void echo(InputStream in, OutputStream out) throws IOException {
        for (;;) {
            WebSocketFrames.Frame f = WebSocketFrames.read(in);
            switch (f.opcode()) {
                case WebSocketFrames.CLOSE -> {
                    WebSocketFrames.write(out, WebSocketFrames.CLOSE, f.payload(), false);
                    return;
                }
                case WebSocketFrames.PING -> WebSocketFrames.write(out, WebSocketFrames.PONG, f.payload(), false);
                case WebSocketFrames.PONG -> {
                }
                default -> WebSocketFrames.write(out, f.opcode(), f.payload(), false);
            }
        }
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
