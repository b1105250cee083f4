package dev.portico.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the common case of an app's HTTP/1.1 answer straight from its bytes: a complete head and a body
 * framed by {@code Content-Length}, all in the buffer. The status line and the header lines are copied
 * to the visitor's buffer as they came, less the hop-by-hop ones, instead of being decoded into message
 * objects and encoded again: two codec passes and their header objects saved on most answers.
 *
 * <p>It takes only answers it can forward without judgement: anything else (a chunked or close-delimited
 * body, a 1xx, 204 or 304, a {@code Connection} naming other headers, an obsolete line fold, a byte a
 * header may not hold, a body still on its way) is declined, and the caller hands the same bytes to the
 * full decoder, whose checks and errors then apply unchanged. So this reader never accepts what the
 * decoder would refuse; it may refuse what the decoder accepts.
 *
 * <p>One instance per connection, used on its event loop.
 */
public final class WholeResponseReader {

    /** The largest head read here; a longer one goes to the decoder, which applies the configured limits. */
    static final int MAX_HEAD = 16 * 1024;
    /** How much is copied first; a longer head is copied again, whole. */
    private static final int FIRST_COPY = 1024;

    private static final byte[] VERSION = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = lower("content-length");
    private static final byte[] TRANSFER_ENCODING = lower("transfer-encoding");
    private static final byte[] CONNECTION = lower("connection");
    private static final byte[] KEEP_ALIVE = lower("keep-alive");
    private static final byte[] PROXY_CONNECTION = lower("proxy-connection");
    private static final byte[] TE = lower("te");
    private static final byte[] TRAILER = lower("trailer");
    private static final byte[] UPGRADE = lower("upgrade");
    private static final byte[] CLOSE = lower("close");
    private static final byte[] STRICT_TRANSPORT_SECURITY = lower("strict-transport-security");

    /** What a header value or reason phrase may hold: HTAB, SP, VCHAR and obs-text. */
    private static final boolean[] FIELD = new boolean[256];

    static {
        FIELD['\t'] = true;
        for (int c = 0x20; c < 0x100; c++) {
            FIELD[c] = c != 0x7f;
        }
    }

    /** The head's bytes, copied out of the buffer in one go: a byte array is read far faster than a ByteBuf. */
    private byte[] scratch = new byte[FIRST_COPY];
    /** Where the left-out header lines start and end, in pairs; kept from answer to answer. */
    private int[] cuts = new int[8];
    private boolean incomplete;

    /**
     * The answer at the start of {@code in}, consumed from it, or null with {@code in} untouched. When
     * null, {@link #incomplete()} says whether it is worth waiting for more bytes (the head has not
     * ended yet) or whether the decoder must take this answer.
     *
     * @param dropStrictTransportSecurity whether the app's own {@code Strict-Transport-Security} is left
     *                                    out, because the gateway sets its own
     */
    public WholeResponse read(ByteBuf in, ByteBufAllocator alloc, boolean dropStrictTransportSecurity) {
        int readable = in.readableBytes();
        int copied = Math.min(readable, FIRST_COPY);
        in.getBytes(in.readerIndex(), scratch, 0, copied);
        WholeResponse res = read(in, scratch, copied, alloc, dropStrictTransportSecurity);
        if (res == null && incomplete && copied < readable) {
            copied = Math.min(readable, MAX_HEAD);
            if (scratch.length < copied) {
                scratch = new byte[MAX_HEAD];
            }
            in.getBytes(in.readerIndex(), scratch, 0, copied);
            res = read(in, scratch, copied, alloc, dropStrictTransportSecurity);
        }
        if (res == null && incomplete && readable >= MAX_HEAD) {
            incomplete = false; // too long for this reader: the decoder applies the limits
        }
        return res;
    }

    /** Reads {@code in}, the first {@code limit} bytes of {@code buf} copied out, from index 0. */
    private WholeResponse read(ByteBuf buf, byte[] in, int limit, ByteBufAllocator alloc,
                               boolean dropStrictTransportSecurity) {
        incomplete = false;
        int lf = indexOf(in, 0, limit, '\n');
        if (lf < 0) {
            incomplete = true;
            return null;
        }
        int status = statusLine(in, 0, lf);
        if (status < 0) {
            return null;
        }
        long contentLength = -1;
        boolean keepAlive = true;
        int cutCount = 0;
        int line = lf + 1;
        while (true) {
            lf = indexOf(in, line, limit, '\n');
            if (lf < 0) {
                incomplete = true;
                return null;
            }
            if (lf == line || in[lf - 1] != '\r') {
                return null; // a bare LF
            }
            if (lf == line + 1) {
                break; // the blank line
            }
            int colon = nameEnd(in, line, lf - 1);
            if (colon < 0 || !value(in, colon + 1, lf - 1)) {
                return null;
            }
            boolean leaveOut = false;
            switch (colon - line) {
                case 2 -> leaveOut = named(in, line, TE);
                case 7 -> leaveOut = named(in, line, TRAILER) || named(in, line, UPGRADE);
                case 10 -> {
                    if (named(in, line, CONNECTION)) {
                        int tokens = connection(in, colon + 1, lf - 1);
                        if (tokens < 0) {
                            return null;
                        }
                        keepAlive &= tokens == 0;
                        leaveOut = true;
                    } else {
                        leaveOut = named(in, line, KEEP_ALIVE);
                    }
                }
                case 14 -> {
                    if (named(in, line, CONTENT_LENGTH)) {
                        if (contentLength >= 0) {
                            return null; // twice: the decoder judges
                        }
                        contentLength = digits(in, colon + 1, lf - 1);
                        if (contentLength < 0) {
                            return null;
                        }
                    }
                }
                case 16 -> leaveOut = named(in, line, PROXY_CONNECTION);
                case 17 -> {
                    if (named(in, line, TRANSFER_ENCODING)) {
                        return null;
                    }
                }
                case 25 -> leaveOut = dropStrictTransportSecurity && named(in, line, STRICT_TRANSPORT_SECURITY);
                default -> {
                }
            }
            if (leaveOut) {
                if (cutCount == cuts.length) {
                    cuts = Arrays.copyOf(cuts, cutCount * 2);
                }
                cuts[cutCount++] = line;
                cuts[cutCount++] = lf + 1;
            }
            line = lf + 1;
        }
        int headEnd = line; // the blank line starts here
        int bodyStart = lf + 1;
        if (contentLength < 0 || contentLength > buf.readableBytes() - bodyStart) {
            return null; // close-delimited, or the body is still coming: the decoder streams it
        }
        // the lines kept are copied in runs, each ending where a left-out line starts
        ByteBuf head = alloc.buffer(headEnd + 64);
        int from = 0;
        for (int i = 0; i < cutCount; i += 2) {
            head.writeBytes(in, from, cuts[i] - from);
            from = cuts[i + 1];
        }
        head.writeBytes(in, from, headEnd - from);
        buf.skipBytes(bodyStart);
        ByteBuf body = buf.readRetainedSlice((int) contentLength);
        return new WholeResponse(status, keepAlive, head, body);
    }

    /** Whether the last {@link #read} found no end of the head yet, within the size this reader takes. */
    public boolean incomplete() {
        return incomplete;
    }

    /** The status of {@code HTTP/1.1 NNN reason CRLF}, or -1 for any other line or an unsuitable status. */
    private static int statusLine(byte[] in, int from, int lf) {
        int length = lf - from;
        if (length < VERSION.length + 5 || in[lf - 1] != '\r' || in[from + 12] != ' ') {
            return -1;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (in[from + i] != VERSION[i]) {
                return -1;
            }
        }
        int status = 0;
        for (int i = from + 9; i < from + 12; i++) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            status = status * 10 + d;
        }
        if (status < 200 || status > 599 || status == 204 || status == 304) {
            return -1;
        }
        for (int i = from + 13; i < lf - 1; i++) {
            if (!FIELD[in[i] & 0xff]) {
                return -1;
            }
        }
        return status;
    }

    /** The index of the colon after a token name that starts at {@code from}, or -1. */
    private static int nameEnd(byte[] in, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = in[i] & 0xff;
            if (b == ':') {
                return i == from ? -1 : i;
            }
            if (!HeaderNameCheck.tchar(b)) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean value(byte[] in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!FIELD[in[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the name at {@code from} is {@code lower}, ignoring case (its length is already known). */
    private static boolean named(byte[] in, int from, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            // letters and '-' only in these names; | 0x20 folds A-Z onto a-z and leaves '-' as it is
            if ((in[from + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code Connection} value: 0 when it holds only {@code keep-alive} tokens, 1 when it also holds
     * {@code close}, -1 when it names anything else (a header to strip, which the decoder's path does).
     */
    private static int connection(byte[] in, int from, int to) {
        int result = 0;
        int i = from;
        while (i < to) {
            while (i < to && (in[i] == ' ' || in[i] == '\t' || in[i] == ',')) {
                i++;
            }
            int tokenStart = i;
            while (i < to && in[i] != ',' && in[i] != ' ' && in[i] != '\t') {
                i++;
            }
            int length = i - tokenStart;
            if (length == 0) {
                continue;
            }
            if (length == CLOSE.length && named(in, tokenStart, CLOSE)) {
                result = 1;
            } else if (length != KEEP_ALIVE.length || !named(in, tokenStart, KEEP_ALIVE)) {
                return -1;
            }
        }
        return result;
    }

    /** A Content-Length value, optional whitespace around at most 15 digits, or -1. */
    private static long digits(byte[] in, int from, int to) {
        while (from < to && (in[from] == ' ' || in[from] == '\t')) {
            from++;
        }
        while (to > from && (in[to - 1] == ' ' || in[to - 1] == '\t')) {
            to--;
        }
        if (to == from || to - from > 15) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    private static int indexOf(byte[] in, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (in[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] lower(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
