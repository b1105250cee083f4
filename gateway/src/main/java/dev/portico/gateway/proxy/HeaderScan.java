package dev.portico.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Which of a few header names a message carries, found in one pass over its names (case-insensitive),
 * so that a message without them costs no lookups by name. A name is compared only with those of the
 * same length: most of a message's names match none of them by length alone.
 */
final class HeaderScan {

    private final AsciiString[] names;
    private final int[] byLength; // bit i of byLength[n]: names[i] has n characters

    private HeaderScan(AsciiString[] names) {
        if (names.length > Integer.SIZE) {
            throw new IllegalArgumentException("at most " + Integer.SIZE + " names");
        }
        this.names = names.clone();
        int longest = 0;
        for (AsciiString n : names) {
            longest = Math.max(longest, n.length());
        }
        byLength = new int[longest + 1];
        for (int i = 0; i < names.length; i++) {
            byLength[names[i].length()] |= 1 << i;
        }
    }

    /** Looks for {@code names}; bit {@code i} of {@link #present} stands for {@code names[i]}. */
    static HeaderScan of(AsciiString... names) {
        return new HeaderScan(names);
    }

    /** A bit set: bit {@code i} is set when the {@code i}th name is present in {@code h}. */
    int present(HttpHeaders h) {
        int found = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence n = it.next().getKey();
            int length = n.length();
            int candidates = length < byLength.length ? byLength[length] : 0;
            while (candidates != 0) {
                int i = Integer.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                if (AsciiString.contentEqualsIgnoreCase(n, names[i])) {
                    found |= 1 << i;
                }
            }
        }
        return found;
    }
}
