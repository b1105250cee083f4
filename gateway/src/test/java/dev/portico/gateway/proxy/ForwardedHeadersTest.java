package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void anUntrustedVisitorsForwardingHeadersAreReplacedOnceEachWhateverTheirCase() {
        HttpHeaders h = new DefaultHttpHeaders().add("Host", "a.test").add("x-FORWARDED-for", "6.6.6.6")
                .add("X-Real-Ip", "6.6.6.6").add("X-Forwarded-Proto", "gopher").add("x-forwarded-host", "evil.test")
                .add("FORWARDED", "for=6.6.6.6").add("Accept", "*/*");
        String id = ForwardedHeaders.apply(h, "192.0.2.7", false, true, "a.test");
        assertThat(h.getAll("X-Forwarded-For")).containsExactly("192.0.2.7");
        assertThat(h.getAll("X-Real-IP")).containsExactly("192.0.2.7");
        assertThat(h.getAll("X-Forwarded-Proto")).containsExactly("https");
        assertThat(h.getAll("X-Forwarded-Host")).containsExactly("a.test");
        assertThat(h.contains("Forwarded")).isFalse();
        assertThat(h.getAll("X-Request-Id")).containsExactly(id);
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(h.get("Accept")).isEqualTo("*/*");
    }

    @Test
    void headersTheVisitorDidNotSendAreAddedAndWithoutAHostNoForwardedHostRemains() {
        HttpHeaders h = new DefaultHttpHeaders().add("X-Forwarded-Host", "evil.test");
        ForwardedHeaders.apply(h, "192.0.2.7", false, false, null);
        assertThat(h.contains("X-Forwarded-Host")).isFalse();
        assertThat(h.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(h.getAll("X-Forwarded-For")).containsExactly("192.0.2.7");
    }

    @Test
    void aVisitorsOwnRequestIdIsKeptWhenItIsShortPrintableAsciiAndReplacedOtherwise() {
        HttpHeaders kept = new DefaultHttpHeaders().add("x-request-id", "trace-42");
        assertThat(ForwardedHeaders.apply(kept, "192.0.2.7", false, false, "a.test")).isEqualTo("trace-42");
        assertThat(kept.getAll("X-Request-Id")).containsExactly("trace-42");

        HttpHeaders replaced = new DefaultHttpHeaders().add("X-Request-Id", "x".repeat(129));
        String id = ForwardedHeaders.apply(replaced, "192.0.2.7", false, false, "a.test");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(replaced.getAll("X-Request-Id")).containsExactly(id);
    }

    @Test
    void aTrustedProxysValuesAreKeptAndExtended() {
        HttpHeaders h = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.1")
                .add("X-Forwarded-Proto", "https").add("X-Forwarded-Host", "front.test");
        ForwardedHeaders.apply(h, "10.0.0.2", true, false, "a.test");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("198.51.100.1, 10.0.0.2");
        assertThat(h.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(h.get("X-Forwarded-Host")).isEqualTo("front.test");
        assertThat(h.get("X-Real-IP")).isEqualTo("10.0.0.2");
    }

    @Test
    void onlyTheGatewaysOwnNameConstantsSkipTheNameCheck() {
        HttpHeaders h = OwnHeaderNames.REQUEST_HEADERS.newHeaders();
        h.set(ForwardedHeaders.X_FORWARDED_FOR, "192.0.2.7");
        h.set("x-forwarded-for-copy", "1");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("192.0.2.7");
        assertThatThrownBy(() -> h.add("bad name", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("x-forwarded-for:", "1")).isInstanceOf(IllegalArgumentException.class);
    }
}
