package dev.portico.gateway.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** A raw WebSocket client for tests: the handshake through the gateway, then masked frames both ways. */
public final class WebSocketClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String head;
    private final String key;

    private WebSocketClient(Socket socket, String key) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
        this.key = key;
        this.head = WebSocketFrames.readHead(in);
    }

    /** Sends the handshake for {@code path} on {@code host} and reads the answer's head. */
    public static WebSocketClient connect(int port, String host, String path, String... extraHeaders)
            throws IOException {
        return connect(new Socket("127.0.0.1", port), host, path, extraHeaders);
    }

    /** The same over a socket already connected (a TLS one, say). */
    public static WebSocketClient connect(Socket s, String host, String path, String... extraHeaders)
            throws IOException {
        s.setSoTimeout(20_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + key + "\r\n");
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            req.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
        }
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        return new WebSocketClient(s, key);
    }

    /** The answer's status code. */
    public int status() {
        return Integer.parseInt(head.substring(9, 12));
    }

    public String head() {
        return head;
    }

    /** A header of the answer, or null. */
    public String header(String name) {
        return WebSocketEchoServer.header(head, name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the answer's Sec-WebSocket-Accept matches the key that was sent. */
    public boolean acceptValid() {
        return WebSocketFrames.accept(key).equals(header("Sec-WebSocket-Accept"));
    }

    public void sendText(String text) throws IOException {
        WebSocketFrames.write(out, WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    public void send(int opcode, byte[] payload) throws IOException {
        WebSocketFrames.write(out, opcode, payload, true);
    }

    public WebSocketFrames.Frame read() throws IOException {
        return WebSocketFrames.read(in);
    }

    public Socket socket() {
        return socket;
    }

    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
