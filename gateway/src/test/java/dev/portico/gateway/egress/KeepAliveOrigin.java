package dev.portico.gateway.egress;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A destination web server that keeps connections open and shows what the proxy sent it: it counts
 * connections, keeps every request head as received, and answers {@code /chunked} in chunks,
 * {@code /until-close} without a length (ending the body by closing), {@code /bad-name} with a header
 * name that holds a space, anything else with a length.
 * A request body (Content-Length) is echoed.
 */
final class KeepAliveOrigin implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    KeepAliveOrigin() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "origin-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<String> heads() {
        return heads;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int id = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, id), "origin");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (int n = 1; ; n++) {
                String head = ProxyClient.readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                heads.add(head);
                String lower = head.toLowerCase();
                int at = lower.indexOf("\r\ncontent-length:");
                byte[] body = at < 0 ? new byte[0]
                        : in.readNBytes(Integer.parseInt(head.substring(at + 17, head.indexOf('\r', at + 2)).trim()));
                String path = head.split(" ")[1];
                byte[] payload = body.length > 0 ? body
                        : ("request " + n + " on connection " + connection + "\n").getBytes(StandardCharsets.UTF_8);
                if (path.startsWith("/chunked")) {
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (!head.startsWith("HEAD")) {
                        out.write((Integer.toHexString(payload.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(payload);
                        out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } else if (path.startsWith("/bad-name")) {
                    out.write(("HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: " + payload.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(payload);
                } else if (path.startsWith("/until-close")) {
                    out.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(payload);
                    out.flush();
                    return;
                } else {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\nKeep-Alive: timeout=5\r\n"
                            + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nProxy-Agent: origin\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    if (!head.startsWith("HEAD")) {
                        out.write(payload);
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the proxy closed the connection
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
