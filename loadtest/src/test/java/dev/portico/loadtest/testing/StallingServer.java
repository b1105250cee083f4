package dev.portico.loadtest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 keep-alive server that answers every request at once, except the first, which it holds
 * for {@code stallMillis}: the shape that hides latency from a generator that waits for answers.
 */
public final class StallingServer implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();

    public StallingServer(long stallMillis) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    serve(s, stallMillis);
                } catch (IOException | InterruptedException e) {
                    // the connection or the server closed
                }
            }
        }, "stalling-server");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket s, long stallMillis) throws IOException, InterruptedException {
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                matched = 0;
                if (requests.getAndIncrement() == 0) {
                    Thread.sleep(stallMillis);
                }
                out.write(answer);
                out.flush();
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
