package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathTest {

    @Test
    void plainPathsAreNormalised() {
        assertThat(SafePath.relative("css/site.css")).isEqualTo("css/site.css");
        assertThat(SafePath.relative("/css//./site.css")).isEqualTo("css/site.css");
        assertThat(SafePath.relative("")).isEmpty();
        assertThat(SafePath.relative("docs/")).isEqualTo("docs");
        assertThat(SafePath.relative(".well-known/acme")).isEqualTo(".well-known/acme");
    }

    @Test
    void decodingHappensOnceAsUtf8() {
        assertThat(SafePath.relative("my%20file.txt")).isEqualTo("my file.txt");
        assertThat(SafePath.relative("caf%C3%A9.txt")).isEqualTo("café.txt");
        assertThat(SafePath.relative("100%25.txt")).isEqualTo("100%.txt");
        assertThat(SafePath.relative("%252e%252e/x")).isEqualTo("%2e%2e/x"); // a name with '%' in it, not a '..'
        assertThat(SafePath.relative("a+b.txt")).isEqualTo("a+b.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "%2e%2e/x", "%2E%2e", ".%2e/x", "..%2fx", "a%2fb",
            "a%2Fb", "..%5cx", "a%5cb", "a\\b", "%00", "a%00.css", "a\u0000b", "%c0%ae%c0%ae/x", "%e0%80%ae",
            "%c0%af", "%ff", "%fe%ff", "%", "%2", "%zz", "a%0ab", "a%7fb", "a\tb", "\u0100"})
    void anythingThatCouldEscapeIsRefused(String raw) {
        assertThat(SafePath.relative(raw)).isNull();
    }
}
