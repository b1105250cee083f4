package dev.portico.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Chromium, headless, driven over the DevTools protocol with the JDK's WebSocket client: load a
 * page, run script in it, wait for what it shows. Started with Debian's {@code chromium}.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    public static HeadlessChromium start(Path chromium) throws Exception {
        Path profile = Files.createTempDirectory("portico-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--remote-allow-origins=*", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String pageUrl = null;
        while (pageUrl == null) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : JSON.readTree(list)) {
                if (t.get("type").asText().equals("page")) {
                    pageUrl = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageUrl == null) {
                Thread.sleep(50);
            }
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String msg = partial.toString();
                    partial.setLength(0);
                    self[0].received(msg);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, profile, ws);
        return self[0];
    }

    private void received(String msg) {
        try {
            JsonNode j = JSON.readTree(msg);
            if (j.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(j.get("id").asInt());
                if (f != null) {
                    f.complete(j);
                }
            }
        } catch (IOException e) {
            // not for us
        }
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = f.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** Loads {@code url} and waits until the document is complete. */
    public void open(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        await("document.readyState === 'complete' && location.href.startsWith('" + url.split("#")[0] + "')",
                Duration.ofSeconds(20));
    }

    /** Runs {@code expression} in the page (promises awaited) and returns its value as JSON. */
    public JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("awaitPromise", true).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        }
        JsonNode v = r.get("result").get("value");
        return v == null ? JSON.nullNode() : v;
    }

    /** Waits until {@code condition} (a script expression) is true in the page. */
    public void await(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never showed: " + condition + "\npage text: "
                        + eval("document.body.innerText").asText());
            }
            Thread.sleep(50);
        }
    }

    public String text(String selector) throws Exception {
        return eval("(document.querySelector(" + JSON.writeValueAsString(selector) + ") || {}).textContent || ''")
                .asText();
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        ChromiumProcess.stop(process, profile);
    }
}
