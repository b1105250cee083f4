package dev.portico.gateway.upstream;

import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * The check that a header name an HTTP/1.1 decoder read is an RFC 9110 token. A decoded name (an
 * {@link AsciiString}) is looked up byte by byte in a table; a name that fails, or a name of any other
 * kind, goes to Netty's own check, which throws naming the offending character and its index.
 */
public final class HeaderNameCheck implements DefaultHeaders.NameValidator<CharSequence> {

    private static final DefaultHeaders.NameValidator<CharSequence> NETTY =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();

    /** tchar: ALPHA, DIGIT and {@code !#$%&'*+-.^_`|~}. */
    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    public static final HeaderNameCheck INSTANCE = new HeaderNameCheck();

    /** An app's response headers, as the upstream decoders make them: every name and value checked. */
    public static final DefaultHttpHeadersFactory RESPONSE_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withNameValidator(INSTANCE);

    private HeaderNameCheck() {
    }

    @Override
    public void validateName(CharSequence name) {
        if (!(name instanceof AsciiString a && token(a))) {
            NETTY.validateName(name);
        }
    }

    /** Whether the byte {@code b} (0-255) is a tchar, one that a token may hold. */
    static boolean tchar(int b) {
        return TOKEN[b];
    }

    /**
     * Refuses a response header line whose name Netty's decoder cut short. The decoder ends a response
     * header's name at the first SP or HTAB and skips to the colon, as RFC 9112 asks of a proxy for
     * whitespace between a name and its colon ({@code Name : v}). But {@code Bad Name: x} would then
     * be forwarded as {@code Bad: x}: a name holding a space is no token, and the answer is invalid.
     * Called with the line's bytes, where its name starts and where the decoder ended it; only
     * whitespace may come before the colon.
     *
     * @throws IllegalArgumentException the decoder then marks the answer as failed (502)
     */
    public static void nameEndsAtColon(byte[] line, int start, int nameEnd) {
        for (int i = nameEnd; i < line.length; i++) {
            byte b = line[i];
            if (b == ':') {
                return;
            }
            if (b != ' ' && b != '\t') {
                int end = i;
                while (end < line.length && end - start < 64 && line[end] != ':') {
                    end++;
                }
                throw new IllegalArgumentException("a response header name holds whitespace: \""
                        + new String(line, start, end - start, StandardCharsets.ISO_8859_1) + "\"");
            }
        }
        throw new IllegalArgumentException("a response header line has no colon");
    }

    /** Whether {@code name} is a non-empty token. */
    public static boolean token(AsciiString name) {
        int length = name.length();
        if (length == 0) {
            return false;
        }
        byte[] bytes = name.array();
        int from = name.arrayOffset();
        for (int i = from, end = from + length; i < end; i++) {
            if (!TOKEN[bytes[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }
}
