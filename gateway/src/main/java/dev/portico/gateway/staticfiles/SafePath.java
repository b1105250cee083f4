package dev.portico.gateway.staticfiles;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw rest of a request path (after a mapping's prefix) into a relative path inside the mapped
 * folder, or refuses it. The path is percent-decoded exactly once, as strict UTF-8; anything that could
 * name a file outside the folder by another spelling is refused rather than repaired: an encoded slash or
 * backslash, NUL or another control character, a malformed or overlong UTF-8 sequence, a {@code ..}
 * segment (encoded or not, even one that would stay inside). Symlinks are checked later, on disk.
 */
public final class SafePath {

    private SafePath() {
    }

    /** The normalised relative path ({@code ""} for the folder itself, segments joined by '/'), or null. */
    public static String relative(String raw) {
        byte[] bytes = percentDecode(raw);
        if (bytes == null) {
            return null;
        }
        String decoded = utf8(bytes);
        if (decoded == null) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return null;
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    /** Bytes of {@code raw} with %XX decoded; null for a bad escape or a byte no file name may carry. */
    private static byte[] percentDecode(String raw) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            int c = raw.charAt(i);
            boolean escaped = false;
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                c = hi << 4 | lo;
                i += 2;
                escaped = true;
            } else if (c > 0xff) {
                return null; // a request line is bytes; a wider char cannot come from the decoder
            }
            if (c < 0x20 || c == 0x7f || c == '\\' || escaped && c == '/') {
                return null;
            }
            out[n++] = (byte) c;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
