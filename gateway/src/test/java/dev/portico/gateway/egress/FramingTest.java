package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a destination's answer is framed for clients of either HTTP version. */
class FramingTest {

    @ParameterizedTest(name = "{0} client, {1}, {2} {3}: {4}")
    @CsvSource(delimiter = '|', value = {
        // client  | method | status | answer framing | until close | keep | Transfer-Encoding | Connection
        "HTTP/1.1 | GET  | 200 | length      | false | true  | -       | -",
        "HTTP/1.1 | GET  | 200 | chunked     | false | true  | chunked | -",
        "HTTP/1.1 | GET  | 200 | until-close | true  | true  | chunked | -",
        "HTTP/1.1 | HEAD | 200 | until-close | false | true  | -       | -",
        "HTTP/1.1 | GET  | 204 | until-close | false | true  | -       | -",
        "HTTP/1.1 | GET  | 304 | until-close | false | true  | -       | -",
        "HTTP/1.0 | GET  | 200 | length      | false | true  | -       | keep-alive",
        "HTTP/1.0 | GET  | 200 | chunked     | false | false | -       | close",
        "HTTP/1.0 | GET  | 200 | until-close | true  | false | -       | close",
    })
    void framesTheAnswer(String version, String method, int status, String framing, boolean untilClose,
                         boolean keepAlive, String transferEncoding, String connection) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.valueOf(status));
        if (framing.equals("length")) {
            res.headers().set("content-length", "5");
        } else if (framing.equals("chunked")) {
            res.headers().set("transfer-encoding", "chunked");
        }
        Framing f = Framing.of(HttpVersion.valueOf(version), method.equals("HEAD"), res, true);
        assertThat(f).isEqualTo(new Framing(untilClose, keepAlive));
        assertThat(res.headers().get("transfer-encoding")).isEqualTo(transferEncoding.equals("-") ? null : transferEncoding);
        assertThat(res.headers().get("connection")).isEqualTo(connection.equals("-") ? null : connection);
        assertThat(res.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    }
}
