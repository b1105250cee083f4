package dev.portico.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Which of a few header names a message carries, found in one pass over its names (case-insensitive),
 * so that a message without them costs no lookups by name.
 */
final class HeaderScan {

    private HeaderScan() {
    }

    /** A bit set: bit {@code i} is set when {@code names[i]} is present in {@code h}. */
    static int present(HttpHeaders h, AsciiString[] names) {
        int found = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence n = it.next().getKey();
            for (int i = 0; i < names.length; i++) {
                if (n.length() == names[i].length() && AsciiString.contentEqualsIgnoreCase(n, names[i])) {
                    found |= 1 << i;
                }
            }
        }
        return found;
    }
}
