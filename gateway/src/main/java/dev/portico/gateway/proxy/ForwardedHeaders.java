package dev.portico.gateway.proxy;

import dev.portico.gateway.config.Cidr;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tells the app who the visitor is: X-Forwarded-For/-Proto/-Host, X-Real-IP and X-Request-Id. What a
 * visitor sent in these headers is replaced, unless the visitor is a configured trusted proxy (a load
 * balancer in front of the gateway), whose values are kept and extended.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");

    /** The forwarding headers a visitor may have sent; the bits below are their places in what it finds. */
    private static final HeaderScan FORWARDING = HeaderScan.of(X_FORWARDED_FOR, X_REAL_IP, X_FORWARDED_PROTO,
        X_FORWARDED_HOST, FORWARDED, X_REQUEST_ID);
    private static final int XFF = 1;
    private static final int REAL_IP = 2;
    private static final int PROTO = 4;
    private static final int XF_HOST = 8;
    private static final int FWD = 16;
    private static final int ID = 32;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private ForwardedHeaders() {
    }

    static boolean trusted(InetAddress peer, List<Cidr> trustedProxies) {
        if (peer == null || trustedProxies.isEmpty()) {
            return false;
        }
        byte[] addr = peer.getAddress();
        for (Cidr c : trustedProxies) {
            if (c.contains(addr)) {
                return true;
            }
        }
        return false;
    }

    /** Rewrites {@code h} for the app; returns the request id in use. */
    static String apply(HttpHeaders h, String peer, boolean trusted, boolean secure, String host) {
        if (trusted) {
            String xff = h.get(X_FORWARDED_FOR);
            h.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? peer : xff + ", " + peer);
            if (!h.contains(X_REAL_IP)) {
                h.set(X_REAL_IP, peer);
            }
            if (!h.contains(X_FORWARDED_PROTO)) {
                h.set(X_FORWARDED_PROTO, secure ? "https" : "http");
            }
            if (!h.contains(X_FORWARDED_HOST) && host != null) {
                h.set(X_FORWARDED_HOST, host);
            }
        } else {
            // The visitor's values are replaced; a header it did not send is added without a removal.
            int sent = FORWARDING.present(h);
            put(h, sent, XFF, X_FORWARDED_FOR, peer);
            put(h, sent, REAL_IP, X_REAL_IP, peer);
            put(h, sent, PROTO, X_FORWARDED_PROTO, secure ? "https" : "http");
            if (host != null) {
                put(h, sent, XF_HOST, X_FORWARDED_HOST, host);
            } else if ((sent & XF_HOST) != 0) {
                h.remove(X_FORWARDED_HOST);
            }
            if ((sent & FWD) != 0) {
                h.remove(FORWARDED);
            }
            if ((sent & ID) == 0) {
                String id = newRequestId();
                h.add(X_REQUEST_ID, id);
                return id;
            }
        }
        String id = h.get(X_REQUEST_ID);
        if (!validRequestId(id)) {
            id = newRequestId();
            h.set(X_REQUEST_ID, id);
        }
        return id;
    }

    private static void put(HttpHeaders h, int sent, int which, AsciiString name, String value) {
        if ((sent & which) != 0) {
            h.set(name, value);
        } else {
            h.add(name, value);
        }
    }

    /** A visitor's own request id is kept when it is short printable ASCII; anything else is replaced. */
    static boolean validRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits as 32 hex digits. */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] out = new byte[32];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
