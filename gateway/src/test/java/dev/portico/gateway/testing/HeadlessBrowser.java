package dev.portico.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium opened on one page and driven over the DevTools protocol: evaluate JavaScript in the
 * page and read the result, as a visitor's browser would run it.
 */
public final class HeadlessBrowser implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket devtools;
    private final AtomicInteger ids = new AtomicInteger();
    private volatile CompletableFuture<JsonNode> pending;

    private HeadlessBrowser(Process process, Path profile, WebSocket devtools) {
        this.process = process;
        this.profile = profile;
        this.devtools = devtools;
    }

    /** Starts Chromium on {@code url}; skipped (or failed under CI) when Chromium is not installed. */
    public static HeadlessBrowser open(String url) throws Exception {
        Path chromium = SystemDeps.require("chromium", "chromium");
        Path profile = Files.createTempDirectory("portico-chromium-");
        Process p = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, url).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        for (String line; browserWs == null && (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
            }
        }
        if (browserWs == null) {
            ChromiumProcess.stop(p, profile);
            throw new IllegalStateException("chromium did not start its DevTools listener");
        }
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI base = URI.create(browserWs.replace("ws://", "http://"));
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pageWs == null && System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageWs = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageWs == null) {
                Thread.sleep(100);
            }
        }
        HeadlessBrowser[] self = new HeadlessBrowser[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    self[0].received(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
        self[0] = new HeadlessBrowser(p, profile, ws);
        return self[0];
    }

    private void received(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            CompletableFuture<JsonNode> f = pending;
            if (f != null && n.has("id")) {
                f.complete(n);
            }
        } catch (IOException e) {
            // not ours to read: events are ignored
        }
    }

    /** Evaluates {@code expression} in the page and returns its value as a string. */
    public synchronized String eval(String expression) throws Exception {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending = f;
        String msg = JSON.writeValueAsString(JSON.createObjectNode().put("id", ids.incrementAndGet())
                .put("method", "Runtime.evaluate").set("params", JSON.createObjectNode()
                        .put("expression", expression).put("returnByValue", true)));
        devtools.sendText(msg, true).get(10, TimeUnit.SECONDS);
        return f.get(10, TimeUnit.SECONDS).path("result").path("result").path("value").asText();
    }

    /** Evaluates {@code expression} until its value contains {@code expected}, or returns the last value. */
    public String waitFor(String expression, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String value = eval(expression);
        while (!value.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = eval(expression);
        }
        return value;
    }

    @Override
    public void close() {
        devtools.abort();
        ChromiumProcess.stop(process, profile);
    }
}
