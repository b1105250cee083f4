package dev.portico.loadtest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A blocking client that sends exact bytes and reads exact answers, over TCP or a unix socket; tests
 * bound their time with {@code @Timeout}.
 */
public final class RawClient implements AutoCloseable {

    private final SocketChannel ch;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private RawClient(SocketChannel ch) {
        this.ch = ch;
    }

    public static RawClient tcp(int port) throws IOException {
        return new RawClient(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
    }

    public static RawClient unix(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RawClient(ch);
    }

    public RawClient send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        return this;
    }

    public RawClient send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.UTF_8));
    }

    /** One HTTP response framed by Content-Length: head and body as text. */
    public String readResponse() throws IOException {
        int headEnd;
        while ((headEnd = indexOf(pending.toByteArray(), "\r\n\r\n")) < 0) {
            if (!fill()) {
                throw new IOException("closed before a full response head: " + pending);
            }
        }
        String head = new String(pending.toByteArray(), 0, headEnd, StandardCharsets.UTF_8);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = take(headEnd + 4 + length);
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Exactly {@code n} bytes. */
    public byte[] take(int n) throws IOException {
        while (pending.size() < n) {
            if (!fill()) {
                throw new IOException("closed after " + pending.size() + " of " + n + " bytes");
            }
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, n, all.length - n);
        byte[] out = new byte[n];
        System.arraycopy(all, 0, out, 0, n);
        return out;
    }

    /** Everything until the peer closes (or resets: then what came before). */
    public byte[] readUntilClose() throws IOException {
        try {
            while (fill()) {
                // keep reading
            }
        } catch (IOException reset) {
            // a reset ends the stream as well
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        return all;
    }

    private boolean fill() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 * 1024);
        int n = ch.read(b);
        if (n < 0) {
            return false;
        }
        pending.write(b.array(), 0, n);
        return true;
    }

    private static int indexOf(byte[] hay, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
