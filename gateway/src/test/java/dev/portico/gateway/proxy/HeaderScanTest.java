package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class HeaderScanTest {

    // "connection" and "keep-alive" share a length, as do "te" and "x1"
    private static final HeaderScan SCAN = HeaderScan.of(AsciiString.of("connection"), AsciiString.of("keep-alive"),
            AsciiString.of("te"), AsciiString.of("x1"), AsciiString.of("proxy-authorization"));

    @Test
    void eachNameSentSetsItsOwnBitWhateverItsCase() {
        HttpHeaders h = new DefaultHttpHeaders().add("Host", "a.test").add("KEEP-ALIVE", "5").add("X1", "y")
                .add("Content-Length", "3").add("Proxy-Authorization", "Basic x");
        assertThat(SCAN.present(h)).isEqualTo(0b11010);
    }

    @Test
    void namesOfTheSameLengthThatDifferAreNotTakenForOneAnother() {
        HttpHeaders h = new DefaultHttpHeaders(false).add("connectioN", "close").add("tf", "1").add("keep-alivf", "1")
                .add("a-name-longer-than-any-looked-for", "1").add("", "an empty name, which only headers without validation hold");
        assertThat(SCAN.present(h)).isEqualTo(0b00001);
        assertThat(SCAN.present(new DefaultHttpHeaders(false))).isZero();
    }

    @Test
    void atMostThirtyTwoNames() {
        AsciiString[] many = new AsciiString[33];
        for (int i = 0; i < many.length; i++) {
            many[i] = AsciiString.of("h" + i);
        }
        assertThatThrownBy(() -> HeaderScan.of(many)).hasMessageContaining("at most 32");
    }
}
