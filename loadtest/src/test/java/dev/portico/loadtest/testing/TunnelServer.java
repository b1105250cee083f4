package dev.portico.loadtest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal CONNECT proxy: checks {@code Proxy-Authorization} against one account, answers 407 or opens
 * the tunnel and copies bytes both ways (a thread per direction).
 */
public final class TunnelServer implements AutoCloseable {

    private final ServerSocket server;
    private final String expectedAuth;
    private final AtomicInteger tunnels = new AtomicInteger();

    public TunnelServer(String account, String token) throws IOException {
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((account + ":" + token)
                .getBytes(StandardCharsets.UTF_8));
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread h = new Thread(() -> handle(s), "tunnel");
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "tunnel-accept");
        t.setDaemon(true);
        t.start();
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] first = head.split("\r\n")[0].split(" ");
            boolean authorized = head.lines().anyMatch(l -> l.equalsIgnoreCase("Proxy-Authorization: " + expectedAuth)
                    || l.equals("Proxy-Authorization: " + expectedAuth));
            OutputStream out = client.getOutputStream();
            if (!first[0].equals("CONNECT") || !authorized) {
                out.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String[] hp = first[1].split(":");
            try (Socket up = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                tunnels.incrementAndGet();
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread back = new Thread(() -> copy(up, client), "tunnel-back");
                back.setDaemon(true);
                back.start();
                copy(client, up);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // the tunnel ended
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int tunnels() {
        return tunnels.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
