package dev.portico.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    @Test
    void requestLosesEveryHopByHopHeaderAndWhatConnectionNames() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Host", "a.test").add("CONNECTION", "close, X-Secret").add("x-secret", "1")
                .add("Keep-Alive", "timeout=5").add("proxy-connection", "keep-alive").add("TE", "trailers")
                .add("Trailer", "X-T").add("Upgrade", "h2c").add("Expect", "100-continue")
                .add("Transfer-Encoding", "chunked").add("Accept", "*/*");
        HopByHop.stripRequest(h);
        assertThat(h.names()).containsExactlyInAnyOrder("Host", "Transfer-Encoding", "Accept");
    }

    @Test
    void eachHeaderAloneIsFoundWhateverItsCase() {
        for (String name : new String[] {"te", "Keep-alive", "PROXY-CONNECTION", "trailer", "upgrade", "Expect"}) {
            HttpHeaders h = new DefaultHttpHeaders().add("Host", "a.test").add(name, "x");
            HopByHop.stripRequest(h);
            assertThat(h.names()).as(name).containsExactly("Host");
        }
    }

    @Test
    void responseKeepsExpectAndMessagesWithoutHopByHopHeadersAreUntouched() {
        HttpHeaders res = new DefaultHttpHeaders().add("Content-Length", "2").add("Connection", "keep-alive")
                .add("Expect", "odd");
        HopByHop.stripResponse(res);
        assertThat(res.names()).containsExactlyInAnyOrder("Content-Length", "Expect");

        HttpHeaders clean = new DefaultHttpHeaders().add("Host", "a.test").add("Accept", "*/*");
        HopByHop.stripRequest(clean);
        assertThat(clean.names()).containsExactlyInAnyOrder("Host", "Accept");
    }
}
