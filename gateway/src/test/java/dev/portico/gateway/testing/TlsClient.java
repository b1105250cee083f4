package dev.portico.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTPS/1.1 request over a JDK {@link SSLSocket} to 127.0.0.1, with the SNI chosen by the test (or
 * none) and the served certificate verified against the test CA and, when SNI is sent, that name.
 */
public final class TlsClient {

    /** What came back: the certificate, the TLS version and ALPN choice, and the HTTP answer. */
    public record Result(X509Certificate certificate, String protocol, String alpn, int status,
                         Map<String, String> headers, String body, String rest, String head) {

        /** The certificate's subject CN, which the tests' certificates set to their first domain. */
        public String commonName() {
            String dn = certificate.getSubjectX500Principal().getName();
            for (String part : dn.split(",")) {
                if (part.startsWith("CN=")) {
                    return part.substring(3);
                }
            }
            return dn;
        }
    }

    private TlsClient() {
    }

    /** GET with SNI {@code sni} (null: none), the served certificate checked against that name. */
    public static Result get(SSLContext ctx, int port, String sni, String host, String path) {
        return send(ctx, port, sni, sni != null, "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends {@code request} (whole, as bytes) and reads the answer until the server closes. The chain is
     * always checked against the CA; the name only when {@code verifyName} (a test that expects the
     * default certificate for another name turns it off and looks at what it got).
     */
    public static Result send(SSLContext ctx, int port, String sni, boolean verifyName, String request) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(10_000);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, sni == null ? "127.0.0.1" : sni,
                    port, false);
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"http/1.1"});
            p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            if (verifyName) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            s.setSSLParameters(p);
            s.startHandshake();
            X509Certificate served = (X509Certificate) s.getSession().getPeerCertificates()[0];
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String raw = readAll(s.getInputStream());
            return parse(served, s.getSession().getProtocol(), s.getApplicationProtocol(), raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (javax.net.ssl.SSLException e) {
            // the server may close without close_notify after Connection: close; what arrived counts
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static Result parse(X509Certificate cert, String protocol, String alpn, String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Result(cert, protocol, alpn, 0, Map.of(), raw, "", "");
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String after = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder body = new StringBuilder();
            int i = 0;
            while (true) {
                int eol = after.indexOf("\r\n", i);
                int size = Integer.parseInt(after.substring(i, eol).trim(), 16);
                i = eol + 2;
                if (size == 0) {
                    i = after.indexOf("\r\n", i) + 2;
                    break;
                }
                body.append(after, i, i + size);
                i += size + 2;
            }
            return new Result(cert, protocol, alpn, status, headers, body.toString(), after.substring(i),
                    raw.substring(0, end));
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length"))
                : after.length();
        return new Result(cert, protocol, alpn, status, headers, after.substring(0, length), after.substring(length),
                raw.substring(0, end));
    }
}
