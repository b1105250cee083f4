package dev.portico.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderNameCheckTest {

    @Test
    void everyTokenCharacterPassesAndEveryOtherByteFails() {
        String tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        assertThat(HeaderNameCheck.token(new AsciiString(tchar))).isTrue();
        for (int b = 0; b < 256; b++) {
            boolean expected = tchar.indexOf(b) >= 0;
            AsciiString name = new AsciiString(new byte[] {'x', (byte) b, 'y'}, false);
            assertThat(HeaderNameCheck.token(name)).as("byte 0x%02x", b).isEqualTo(expected);
        }
        assertThat(HeaderNameCheck.token(AsciiString.EMPTY_STRING)).isFalse();
        assertThat(HeaderNameCheck.token(new AsciiString(ascii("xcontent-type"), 1, 12, false))).isTrue();
        assertThat(HeaderNameCheck.token(new AsciiString(ascii("content type"), 0, 7, false))).isTrue();
        assertThat(HeaderNameCheck.token(new AsciiString(ascii("content type"), 0, 8, false))).isFalse();
    }

    @Test
    void aBadNameIsRefusedWithNettysMessageWhateverItsKind() {
        HttpHeaders h = HeaderNameCheck.RESPONSE_HEADERS.newHeaders();
        h.add(new AsciiString("X-Fine"), "1");
        h.add("X-Also-Fine", "1");
        assertThat(h.get("x-fine")).isEqualTo("1");
        assertThatThrownBy(() -> h.add(new AsciiString("Bad Name"), "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x20 at index 3");
        assertThatThrownBy(() -> h.add("bad:name", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add(AsciiString.EMPTY_STRING, "1")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
