package dev.portico.gateway.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Talks to the egress listener the way Python's requests/urllib3 do: absolute-form requests for http
 * URLs, CONNECT then the real conversation for https, credentials in Proxy-Authorization.
 */
final class ProxyClient {

    private ProxyClient() {
    }

    static String basic(String account, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((account + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code CONNECT authority}; returns the open socket positioned after a 200 head, or the refusal. */
    static Tunnel connect(int proxyPort, String authority, String authorization) {
        try {
            Socket s = new Socket("127.0.0.1", proxyPort);
            s.setSoTimeout(10_000);
            String head = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n"
                    + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            String answer = readHead(s.getInputStream());
            if (!answer.startsWith("HTTP/1.1 200")) {
                answer += readRest(s.getInputStream(), answer);
                s.close();
            }
            return new Tunnel(s, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One absolute-form request on a new connection ({@code Connection: close}); returns the raw answer. */
    static String get(int proxyPort, String url, String authorization, String... headerLines) {
        StringBuilder b = new StringBuilder("GET ").append(url).append(" HTTP/1.1\r\nHost: ")
                .append(url.replaceFirst("^http://", "").replaceFirst("/.*$", "")).append("\r\nConnection: close\r\n");
        if (authorization != null) {
            b.append("Proxy-Authorization: ").append(authorization).append("\r\n");
        }
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return dev.portico.gateway.testing.RawHttp.exchange(proxyPort, b.append("\r\n").toString(), 10_000);
    }

    /** The head up to and including the blank line, read byte by byte so that nothing after it is consumed. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while (state < 4 && (c = in.read()) >= 0) {
            out.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readRest(InputStream in, String head) throws IOException {
        int at = head.toLowerCase().indexOf("content-length:");
        if (at < 0) {
            return "";
        }
        int n = Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).trim());
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** A CONNECT's outcome: the socket (closed unless the tunnel opened) and the answer the proxy gave. */
    record Tunnel(Socket socket, String answer) implements AutoCloseable {
        int status() {
            return Integer.parseInt(answer.substring(9, 12));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
