package dev.portico.gateway.upstream.uwsgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on its own connection ({@code Connection: close}), as a visitor sends it, with
 * any Host; the answer read to the close, de-chunked, and whether its framing was complete.
 */
final class HttpCall {

    /** What came back. {@code complete} is false when the body ended before its framing said it would. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body, boolean complete, int localPort) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private HttpCall() {
    }

    static Answer get(int port, String host, String target, String... headerLines) {
        return send(port, "GET", host, target, null, headerLines);
    }

    /** Sends a request; {@code body} goes with a Content-Length unless a header line says chunked. */
    static Answer send(int port, String method, String host, String target, byte[] body, String... headerLines) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        boolean chunked = false;
        for (String h : headerLines) {
            head.append(h).append("\r\n");
            chunked |= h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:");
        }
        if (body != null && !chunked) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(s.getInputStream(), method.equals("HEAD"), s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code body} as chunks of the given sizes, then the last chunk. */
    static byte[] chunked(byte[] body, int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (int i = 0; at < body.length; i++) {
            int n = Math.min(sizes[i % sizes.length], body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static Answer read(InputStream in, boolean head, int localPort) throws IOException {
        byte[] all = readToClose(in);
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            return new Answer(-1, Map.of(), all, false, localPort);
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        int start = end + 4;
        if (head) {
            return new Answer(status, headers, new byte[0], all.length == start, localPort);
        }
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            return dechunk(status, headers, all, start, localPort);
        }
        byte[] body = java.util.Arrays.copyOfRange(all, start, all.length);
        List<String> cl = headers.get("content-length");
        boolean complete = cl == null || Long.parseLong(cl.get(0)) == body.length;
        return new Answer(status, headers, body, complete, localPort);
    }

    private static Answer dechunk(int status, Map<String, List<String>> headers, byte[] all, int at, int localPort) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int eol = indexOf(all, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (eol < 0) {
                return new Answer(status, headers, body.toByteArray(), false, localPort);
            }
            int size = Integer.parseInt(new String(all, at, eol - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (size == 0) {
                return new Answer(status, headers, body.toByteArray(), true, localPort);
            }
            if (eol + 2 + size > all.length) {
                body.write(all, eol + 2, all.length - eol - 2);
                return new Answer(status, headers, body.toByteArray(), false, localPort);
            }
            body.write(all, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

    private static byte[] readToClose(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what arrived is the answer
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
