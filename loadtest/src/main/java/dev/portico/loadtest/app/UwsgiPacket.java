package dev.portico.loadtest.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The uwsgi protocol's request framing: a 4-byte header (modifier1 = 0, the vars block's size as a
 * little-endian u16, modifier2 = 0), then the vars block of key/value pairs, each a little-endian u16
 * length and the bytes, then the request body (CONTENT_LENGTH bytes). The answer is a raw HTTP response.
 */
public final class UwsgiPacket {

    public static final int HEADER_SIZE = 4;
    public static final int MAX_VARS_SIZE = 0xFFFF;

    private UwsgiPacket() {
    }

    /** Writes the header and the vars block of a request (modifier1 0: a WSGI request). */
    public static ByteBuf encode(ByteBufAllocator alloc, Map<String, String> vars) {
        int size = 0;
        for (var e : vars.entrySet()) {
            size += 4 + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        if (size > MAX_VARS_SIZE) {
            throw new IllegalArgumentException("uwsgi vars take " + size + " bytes (expected at most 65535)");
        }
        ByteBuf out = alloc.buffer(HEADER_SIZE + size);
        out.writeByte(0).writeShortLE(size).writeByte(0);
        for (var e : vars.entrySet()) {
            writeString(out, utf8(e.getKey()));
            writeString(out, utf8(e.getValue()));
        }
        return out;
    }

    /**
     * Reads a vars block of {@code size} bytes from {@code in}'s reader index (which it advances).
     * Throws when a length runs past the block: the packet is malformed.
     */
    public static Map<String, String> decodeVars(ByteBuf in, int size) {
        Map<String, String> vars = new LinkedHashMap<>();
        int end = in.readerIndex() + size;
        while (in.readerIndex() < end) {
            String key = readString(in, end);
            String value = readString(in, end);
            vars.put(key, value);
        }
        return vars;
    }

    private static String readString(ByteBuf in, int end) {
        if (end - in.readerIndex() < 2) {
            throw new IllegalArgumentException("uwsgi vars: a length field runs past the block");
        }
        int len = in.readUnsignedShortLE();
        if (end - in.readerIndex() < len) {
            throw new IllegalArgumentException("uwsgi vars: a " + len + "-byte string runs past the block");
        }
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len);
        return s;
    }

    private static void writeString(ByteBuf out, byte[] b) {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("uwsgi var of " + b.length + " bytes (expected at most 65535)");
        }
        out.writeShortLE(b.length).writeBytes(b);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
