package dev.portico.gateway.edge;

import io.netty.buffer.ByteBuf;

/**
 * Finds whether a buffer holds a whole HTTP/1 head, and whether that head folds a header line
 * (obs-fold, RFC 9112 section 5.2), which a proxy must not pass on or reinterpret.
 */
final class HeadScan {

    static final int INCOMPLETE = -1;
    static final int FOLDED = -2;

    private HeadScan() {
    }

    /** Returns the index just past the head, {@link #INCOMPLETE}, or {@link #FOLDED}. */
    static int scan(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) { // Netty skips blank lines before a request line; so do we
            byte b = in.getByte(i);
            if (b != '\r' && b != '\n') {
                break;
            }
            i++;
        }
        while (i < end) {
            int lf = in.indexOf(i, end, (byte) '\n');
            if (lf < 0 || lf + 1 >= end) {
                return INCOMPLETE;
            }
            byte next = in.getByte(lf + 1);
            if (next == '\n') {
                return lf + 2;
            }
            if (next == '\r') {
                if (lf + 2 >= end) {
                    return INCOMPLETE;
                }
                if (in.getByte(lf + 2) == '\n') {
                    return lf + 3;
                }
            }
            if (next == ' ' || next == '\t') {
                return FOLDED;
            }
            i = lf + 1;
        }
        return INCOMPLETE;
    }
}
