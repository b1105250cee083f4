package dev.portico.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app for tests that WireMock cannot play: echoes request bodies ({@code /echo}), streams large
 * answers ({@code /big/<bytes>}), sleeps ({@code /sleep/<ms>}), and counts what it received and how
 * many requests it held at once.
 */
public final class EchoBackend implements AutoCloseable {

    /** What one request looked like when it reached the app. */
    public record Received(String method, String uri, Map<String, List<String>> headers, long bodyBytes) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public EchoBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "echo-backend");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return received;
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean held = true;
        try {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    Map.copyOf(ex.getRequestHeaders()), body.length));
            if (path.startsWith("/sleep/")) {
                Thread.sleep(Long.parseLong(path.substring(7)));
            }
            // Counted out before the answer leaves: the gateway may send the next request the moment the
            // last byte is in, before this thread could count itself out after writing it.
            held = false;
            inFlight.decrementAndGet();
            if (path.startsWith("/echo")) {
                respond(ex, 200, body);
            } else if (path.startsWith("/big/")) {
                long size = Long.parseLong(path.substring(5));
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, size);
                byte[] block = new byte[64 * 1024];
                for (int i = 0; i < block.length; i++) {
                    block[i] = (byte) (i * 31);
                }
                try (OutputStream out = ex.getResponseBody()) {
                    for (long sent = 0; sent < size; sent += block.length) {
                        out.write(block, 0, (int) Math.min(block.length, size - sent));
                    }
                }
            } else {
                respond(ex, 200, ("app saw " + ex.getRequestMethod() + " " + ex.getRequestURI())
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (held) {
                inFlight.decrementAndGet();
            }
            ex.close();
        }
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The same bytes {@code /big/<size>} sends, for comparing. */
    public static byte[] bigBody(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) ((i % (64 * 1024)) * 31);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
