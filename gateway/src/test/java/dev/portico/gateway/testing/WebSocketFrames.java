package dev.portico.gateway.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 framing for the tests' own WebSocket server and client: enough for text, binary, ping and close. */
public final class WebSocketFrames {

    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    /** One frame: its opcode and (unmasked) payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private WebSocketFrames() {
    }

    /** Writes one final frame; {@code masked} as a client must. */
    public static void write(OutputStream out, int opcode, byte[] payload, boolean masked) throws IOException {
        int len = payload.length;
        byte[] head;
        int maskBit = masked ? 0x80 : 0;
        if (len < 126) {
            head = new byte[] {(byte) (0x80 | opcode), (byte) (maskBit | len)};
        } else if (len < 65536) {
            head = new byte[] {(byte) (0x80 | opcode), (byte) (maskBit | 126), (byte) (len >> 8), (byte) len};
        } else {
            head = new byte[10];
            head[0] = (byte) (0x80 | opcode);
            head[1] = (byte) (maskBit | 127);
            for (int i = 0; i < 8; i++) {
                head[9 - i] = (byte) ((long) len >> (8 * i));
            }
        }
        out.write(head);
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            out.write(mask);
            byte[] body = new byte[len];
            for (int i = 0; i < len; i++) {
                body[i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            out.write(body);
        } else {
            out.write(payload);
        }
        out.flush();
    }

    /** Reads one frame (unmasking it if masked); throws EOFException when the connection ended first. */
    public static Frame read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.read();
        if (b0 < 0) {
            throw new EOFException("connection closed");
        }
        int b1 = d.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = d.readUnsignedShort();
        } else if (len == 127) {
            len = d.readLong();
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
            mask = new byte[4];
            d.readFully(mask);
        }
        byte[] payload = new byte[(int) len];
        d.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(b0 & 0x0f, payload);
    }

    /** The Sec-WebSocket-Accept for a key. */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an HTTP head (through the blank line) byte by byte, so that nothing after it is consumed. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                if (b.length() == 0) {
                    throw new EOFException("connection closed before a head");
                }
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
