package dev.portico.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 app on 127.0.0.1 (the JDK's server, one thread per request): answers 200 with its
 * name after an optional delay, and counts what it received and how many requests it held at once.
 */
public final class SimpleBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long delayMillis;

    public SimpleBackend(String name, long delayMillis) throws IOException {
        this.name = name;
        this.delayMillis = delayMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    private void serve(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        boolean held = true;
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
            long delay = delayMillis;
            String q = ex.getRequestURI().getQuery();
            if (q != null && q.startsWith("delay=")) {
                delay = Long.parseLong(q.substring(6));
            }
            if (delay > 0) {
                Thread.sleep(delay);
            }
            byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("X-Backend", name);
            // Counted out before the answer leaves: the gateway may send the next request the moment the
            // last byte is in, before this thread could count itself out after the write.
            held = false;
            inFlight.decrementAndGet();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (held) {
                inFlight.decrementAndGet();
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    public int requests() {
        return requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetCounts() {
        requests.set(0);
        maxInFlight.set(inFlight.get());
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
