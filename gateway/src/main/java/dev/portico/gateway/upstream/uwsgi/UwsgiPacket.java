package dev.portico.gateway.upstream.uwsgi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import java.nio.charset.StandardCharsets;

/**
 * A uwsgi request packet being built: a 4-byte header (modifier1 0, the size of the vars block as a
 * little-endian u16, modifier2 0), then every variable as a u16-length-prefixed name and value, both
 * little-endian. The 16-bit size field caps the vars block at {@value #MAX_VARS} bytes.
 */
final class UwsgiPacket {

    static final int MAX_VARS = 0xFFFF;
    static final int HEADER_SIZE = 4;

    /** Stackless and shared: an oversized head is a visitor's doing, not a gateway bug worth a trace. */
    static final TooLongHttpHeaderException TOO_LARGE = new TooLongHttpHeaderException(
            "the request's uwsgi variables are larger than " + MAX_VARS + " bytes");

    static {
        TOO_LARGE.setStackTrace(new StackTraceElement[0]);
    }

    private final ByteBuf buf;
    private boolean overflow;

    UwsgiPacket(ByteBufAllocator alloc, int initialCapacity) {
        this.buf = alloc.buffer(Math.max(HEADER_SIZE, initialCapacity));
        buf.writeZero(HEADER_SIZE);
    }

    /** Adds a variable whose value is text of single-byte characters (header bytes as they arrived). */
    UwsgiPacket add(CharSequence name, CharSequence value) {
        if (fits(name.length(), value.length())) {
            buf.writeShortLE(name.length());
            buf.writeCharSequence(name, StandardCharsets.ISO_8859_1);
            buf.writeShortLE(value.length());
            buf.writeCharSequence(value, StandardCharsets.ISO_8859_1);
        }
        return this;
    }

    /** Adds a variable whose value is raw bytes (a percent-decoded path). */
    UwsgiPacket add(CharSequence name, byte[] value) {
        if (fits(name.length(), value.length)) {
            buf.writeShortLE(name.length());
            buf.writeCharSequence(name, StandardCharsets.ISO_8859_1);
            buf.writeShortLE(value.length);
            buf.writeBytes(value);
        }
        return this;
    }

    private boolean fits(int nameLength, int valueLength) {
        if (overflow) {
            return false;
        }
        long after = (long) varsSize() + 4 + nameLength + valueLength;
        if (after > MAX_VARS) {
            overflow = true; // keep counting nothing more; finish() refuses the packet
            return false;
        }
        return true;
    }

    int varsSize() {
        return buf.writerIndex() - HEADER_SIZE;
    }

    /**
     * The finished packet (the caller owns it), or {@link #TOO_LARGE} thrown when the variables did not
     * fit; the buffer is released then.
     */
    ByteBuf finish() {
        if (overflow) {
            buf.release();
            throw TOO_LARGE;
        }
        buf.setByte(0, 0);
        buf.setShortLE(1, varsSize());
        buf.setByte(3, 0);
        return buf;
    }
}
