package dev.portico.loadtest.gen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Encodes the generator's GET request for a Host: a fixed prefix and suffix around the host name. */
final class RequestBytes {

    private final byte[] prefix;
    private final byte[] suffix;

    RequestBytes(String path, boolean keepAlive) {
        this.prefix = ("GET " + path + " HTTP/1.1\r\nHost: ").getBytes(StandardCharsets.US_ASCII);
        this.suffix = ("\r\nUser-Agent: portico-loadtest\r\nAccept: */*\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    ByteBuf encode(ByteBufAllocator alloc, String host) {
        ByteBuf out = alloc.directBuffer(prefix.length + host.length() + suffix.length);
        out.writeBytes(prefix);
        out.writeCharSequence(host, StandardCharsets.US_ASCII);
        out.writeBytes(suffix);
        return out;
    }
}
